import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'egress-cli-'))
const write = (name: string, text: string) => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

describe('kubectl egress trace (built CLI)', () => {
  test('allowed: exit 0, the deciding rule with file:line, the detected mesh stated', async () => {
    // A wide terminal: each statement on one line (the 80-column layout is test/cli/output.test.ts's).
    const r = await runCli(['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', '-sI', 'https://httpbin.org/get'], {env: {COLUMNS: '300'}})
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Verdict\s+ALLOW/)
    expect(r.stdout).toMatch(/Decided\s+Egress\/curl\/httpbin-443 at examples\/osm\/egress-httpbin.yaml:\d+/)
    expect(r.stdout).toMatch(/simulating osm: .* \(pass --mesh to choose\)/)
  })

  test('the request may follow the flags without --', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--from', 'curl/curl', 'curl', '-sI', 'http://httpbin.org/get'])
    expect(r.status).toBe(0)
  })

  test('denied with a scheme near miss: exit 1 and the hint', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', 'httpbin.org:443/get'], {env: {COLUMNS: '300'}})
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(
      /egress-https.443 \(Egress\/curl\/httpbin-443 at .*\) would allow this request over https: this request is plain HTTP \(curl sends plain HTTP when the URL has no scheme\) — did you mean https:\/\/httpbin.org\/get\?/,
    )
  })

  test('a route miss is a 404 made by the proxy', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--from', 'curl/curl', '-o', 'json', '--', 'curl', 'http://httpbin.org/anything'])
    expect(r.status).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({verdict: 'deny', outcome: {status: 404}, upstream: null})
  })

  test('malformed YAML: one line FILE:LINE, exit 2, no stack trace', async () => {
    const bad = write('bad.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [x\n')
    const r = await runCli(['trace', '-f', bad, '--from', 'a/b', '--mesh', 'osm', '--', 'curl', 'http://x'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^error: ${bad.replace(/[.]/g, '\\.')}:\\d+: `))
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stdout).toBe('')
  })

  test('a rejected object: FILE:LINE: KIND/NS/NAME: field: problem, exit 2', async () => {
    const bad = write(
      'egress.yaml',
      'apiVersion: policy.openservicemesh.io/v1alpha1\nkind: Egress\nmetadata:\n  name: e\n  namespace: curl\nspec:\n  sources: []\n  ports:\n  - number: 0\n    protocol: http\n',
    )
    const r = await runCli(['trace', '-f', bad, '--from', 'curl/curl', '--', 'curl', 'http://x'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(`${bad}:9: Egress/curl/e: spec.ports[0].number: Invalid value: 0`)
  })

  test('bad request and bad flags are input errors (exit 2)', async () => {
    const unknown = await runCli(['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', '--frobnicate', 'http://x'])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/^error: request: /)
    const badFrom = await runCli(['trace', '-f', 'examples/osm', '--from', 'curl', '--', 'curl', 'http://x'])
    expect(badFrom.status).toBe(2)
    const badMesh = await runCli(['trace', '-f', 'examples/osm', '--mesh', 'linkerd', '--from', 'curl/curl', '--', 'curl', 'http://x'])
    expect(badMesh.status).toBe(2)
  })

  test('-v lists the objects the mesh does not read', async () => {
    const extra = write('extra.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: curl\n')
    const r = await runCli(['trace', '-v', '-f', 'examples/osm', '-f', extra, '--from', 'curl/curl', '--', 'curl', 'https://httpbin.org/'])
    expect(r.stderr).toContain(`ignored: Secret/curl/s (${extra}:1): osm does not read this kind`)
  })

  test('stdin with -f -, and YAML output', async () => {
    const {readFileSync} = await import('node:fs')
    const input = ['examples/osm/00-mesh.yaml', 'examples/osm/egress-httpbin.yaml'].map((f) => readFileSync(f, 'utf8')).join('---\n')
    const r = await runCli(['trace', '-f', '-', '--from', 'curl/curl', '-o', 'yaml', '--', 'curl', 'https://httpbin.org/'], {input})
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^verdict: allow$/m)
  })

  test('no colour when NO_COLOR is set or stdout is not a terminal', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', 'https://httpbin.org/'])
    expect(r.stdout).not.toContain('\u001b[')
  })
})

test('validate prints each problem as one line and exits 2 only on errors', async () => {
  const warn = write(
    'warn.yaml',
    'apiVersion: policy.openservicemesh.io/v1alpha1\nkind: Egress\nmetadata:\n  name: e\n  namespace: curl\nspec:\n  sources:\n  - kind: ServiceAccount\n    name: curl\n    namespace: curl\n  hosts: [httpbin.org]\n  ports:\n  - number: 80\n    protocol: HTTP\n',
  )
  const r = await runCli(['validate', '-f', warn])
  expect(r.status).toBe(0)
  expect(r.stdout).toContain(`${warn}:14: Egress/curl/e: spec.ports[0].protocol: warning: `)
})
