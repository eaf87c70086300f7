import {render} from 'ink-testing-library'
import {describe, expect, test} from 'vitest'
import {CreatePrompt, type Answers} from '../../src/create/prompt.js'

/** Waits for the prompt to show what a key press changed: a key sent before ink re-rendered reads stale state. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`the prompt never showed ${what}`)
}

describe('the create prompt', () => {
  test('asks each missing argument, rejects a bad answer, and returns the answers', async () => {
    let answers: Answers | null = null
    const {stdin, lastFrame} = render(<CreatePrompt questions={['from', 'port']} mesh="osm" onDone={(a) => (answers = a)} />)
    const frame = () => lastFrame() ?? ''
    const type = async (text: string) => {
      stdin.write(text)
      await until(() => frame().includes(text), `the typed "${text}"`)
      stdin.write('\r')
    }
    await until(() => frame().includes('Client (NAMESPACE/SERVICEACCOUNT)'), 'the first question')
    await type('curl')
    await until(() => frame().includes('is not NAMESPACE/SERVICEACCOUNT'), 'the rejection')
    for (let i = 0; i < 4; i++) {
      const before = frame()
      stdin.write('\x7f')
      await until(() => frame() !== before, 'a deleted character')
    }
    await type('curl/curl')
    await until(() => frame().includes('✔ Client (NAMESPACE/SERVICEACCOUNT): curl/curl'), 'the accepted client')
    await type('443/https, 3306')
    await until(() => answers !== null, 'the answers')
    expect(answers).toEqual({from: ['curl/curl'], port: ['443/https', '3306']})
  })
})
