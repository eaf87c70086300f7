import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'
import {osmPathRegexPolicy} from '../helpers/regex-policies.js'

const deny = {NODE_OPTIONS: `--require=${join(ROOT, 'test', 'helpers', 'deny-re2js.cjs')}`}

function osmWithPathRegex(pathRegex: string): string {
  const dir = mkdtempSync(join(tmpdir(), 're2-'))
  const file = join(dir, 'routes.yaml')
  writeFileSync(file, osmPathRegexPolicy(pathRegex))
  return file
}

describe('the RE2 engine loads only for a regex that needs it', () => {
  test.each([
    ['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', '-sI', 'https://httpbin.org/get'],
    ['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', 'http://httpbin.org/status/418'],
    ['validate', '-f', 'examples/osm'],
  ])('%s %s %s (pathRegex /get and /status.* are literal text)', async (...args) => {
    const r = await runCli(args, {env: deny})
    expect(r.stderr).not.toContain('re2js was loaded')
    expect(r.status).toBe(0)
  })

  test('the guard itself works: a character class loads it', async () => {
    const file = osmWithPathRegex('/status/[0-9]+')
    const r = await runCli(['validate', '-f', 'examples/osm/00-mesh.yaml', '-f', file], {env: deny})
    expect(r.stderr).toContain('re2js was loaded')
  })
})

test('nested quantifiers: /(a+)+b against / and 28 × "a" is denied (RE2 matches in linear time)', async () => {
  const file = osmWithPathRegex('/(a+)+b')
  const r = await runCli(['trace', '-f', 'examples/osm/00-mesh.yaml', '-f', file, '--from', 'curl/curl', '-o', 'json', '--', 'curl', `http://httpbin.org/${'a'.repeat(28)}`])
  expect(r.status).toBe(1)
  const out = JSON.parse(r.stdout)
  expect(out.verdict).toBe('deny')
  expect(out.outcome).toMatchObject({status: 404, because: `no route matches /${'a'.repeat(28)}`})
})
