import {render} from 'ink-testing-library'
import {describe, expect, test} from 'vitest'
import {CreatePrompt, type Answers} from '../../src/create/prompt.js'

const tick = () => new Promise((r) => setTimeout(r, 20))

async function type(stdin: {write(s: string): void}, text: string) {
  stdin.write(text)
  await tick()
  stdin.write('\r')
  await tick()
}

describe('the create prompt', () => {
  test('asks each missing argument, rejects a bad answer, and returns the answers', async () => {
    let answers: Answers | null = null
    const {stdin, lastFrame} = render(<CreatePrompt questions={['from', 'port']} mesh="osm" onDone={(a) => (answers = a)} />)
    await tick()
    expect(lastFrame()).toContain('Client (NAMESPACE/SERVICEACCOUNT)')
    await type(stdin, 'curl')
    expect(lastFrame()).toContain('is not NAMESPACE/SERVICEACCOUNT')
    for (let i = 0; i < 4; i++) {
      stdin.write('\x7f')
      await tick()
    }
    await type(stdin, 'curl/curl')
    expect(lastFrame()).toContain('✔ Client (NAMESPACE/SERVICEACCOUNT): curl/curl')
    await type(stdin, '443/https, 3306')
    expect(answers).toEqual({from: ['curl/curl'], port: ['443/https', '3306']})
  })
})
