import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parseAllDocuments} from 'yaml'
import {parsed} from './helpers.js'

const conformanceDir = join(import.meta.dirname, '../../../shared/conformance')

/** Every `request:` of every trace step in the shared scenarios, with its file. */
function conformanceRequests(): Array<{file: string; request: string}> {
  const found: Array<{file: string; request: string}> = []
  for (const file of readdirSync(conformanceDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(conformanceDir, file), 'utf8'))) {
      const steps = (doc.toJS() as {steps?: Array<{trace?: {request?: string}}>})?.steps ?? []
      for (const step of steps) if (step.trace?.request !== undefined) found.push({file, request: step.trace.request})
    }
  }
  return found
}

const requests = conformanceRequests()

describe('conformance request lines', () => {
  test('the scenarios were found', () => {
    // as many as `grep -c 'request: ' ../shared/conformance/*.yaml` counts
    const grepped = readdirSync(conformanceDir)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) =>
        readFileSync(join(conformanceDir, f), 'utf8')
          .split('\n')
          .filter((l) => /^\s+request: /.test(l)),
      )
    expect(requests.length).toBeGreaterThan(0)
    expect(requests.length).toBe(grepped.length)
  })

  test.each(requests)('$file: $request', ({request}) => {
    // the URL is the one word with a scheme; protocol, host and port must agree with it
    const url = /(https?):\/\/([^/:\s'"]+)(?::(\d+))?/.exec(request)
    expect(url).not.toBeNull()
    const [, scheme, host, port] = url as RegExpExecArray
    expect(parsed(request)).toMatchObject({
      client: 'curl',
      protocol: scheme,
      host,
      port: port ? Number(port) : scheme === 'https' ? 443 : 80,
    })
  })
})
