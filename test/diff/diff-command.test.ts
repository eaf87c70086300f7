import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {egress, osmMesh} from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'egress-diff-'))
const write = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name))
const mesh = write('mesh.yaml', osmMesh())
const before = write('before.yaml', egress('httpbin-80', {hosts: ['httpbin.org'], port: 80, protocol: 'http'}))
const after = write('after.yaml', egress('httpbin-80', {hosts: ['httpbin.org', 'example.com'], port: 80, protocol: 'http'}))

describe('kubectl egress diff', () => {
  test('text: the newly allowed request, before and after, with the deciding policy; exit 0 without the flag', async () => {
    const res = await runCli(['diff', '-f', mesh, '-f', before, '-f2', mesh, '-f2', after], {env: {COLUMNS: '300'}})
    expect(res.status).toBe(0)
    expect(res.stdout).toContain('curl/curl\n  + newly allowed  curl http://example.com:80/\n      before: denied: HTTP 404 from a proxy')
    expect(res.stdout).toMatch(/after: {2}allowed: reaches example\.com:80, TLS none {2}Egress\/curl\/httpbin-80 at .*after\.yaml:\d+/)
    expect(res.stdout).toContain('1 change(s): 1 newly allowed, 0 newly denied, 0 changed outcome')
  })

  test('--fail-on-new-allow: exit 1 when something is newly allowed, 0 when only denials', async () => {
    expect((await runCli(['diff', '-f', mesh, '-f', before, '-f2', mesh, '-f2', after, '--fail-on-new-allow'])).status).toBe(1)
    expect((await runCli(['diff', '-f', mesh, '-f', after, '-f2', mesh, '-f2', before, '--fail-on-new-allow'])).status).toBe(0)
  })

  test('json: each change with its class, before and after', async () => {
    const res = await runCli(['diff', '-f', mesh, '-f', after, '-f2', mesh, '-f2', before, '-o', 'json', '--from', 'curl/curl'])
    const report = JSON.parse(res.stdout)
    expect(report.identities).toEqual(['curl/curl'])
    expect(
      report.changes.map((c: {kind: string; request: {command: string}; before: {verdict: string}; after: {status: number}}) => [
        c.kind,
        c.request.command,
        c.before.verdict,
        c.after.status,
      ]),
    ).toEqual([['newly-denied', 'curl http://example.com:80/', 'allow', 404]])
  })

  test('bad input: no second set, exit 2', async () => {
    const res = await runCli(['diff', '-f', mesh])
    expect(res.status).toBe(2)
    expect(res.stderr).toBe('error: diff needs both sets: -f OLD… -f2 NEW…, or --against-cluster -f NEW…\n')
  })
})
