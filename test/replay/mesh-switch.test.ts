import {cpSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

/** The example policies with the mesh-wide switch still open: `from` → `to` in 00-mesh.yaml. */
function opened(example: string, from: string, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'egress-replay-switch-'))
  cpSync(join(ROOT, 'examples', example), dir, {recursive: true})
  const mesh = join(dir, '00-mesh.yaml')
  const text = readFileSync(mesh, 'utf8')
  expect(text).toContain(from)
  writeFileSync(mesh, text.replace(from, to))
  return dir
}

const verdicts = (stdout: string) => (JSON.parse(stdout) as {flows: Array<{verdict: string}>}).flows.map((f) => f.verdict)

describe('replay --mesh-switch: the same logs against the mesh as it would be after the switch', () => {
  it('Istio registry-only: ALLOW_ANY passes every flow; after the switch the unregistered SNI and address are denied', async () => {
    const dir = opened('istio', 'mode: REGISTRY_ONLY', 'mode: ALLOW_ANY')
    const before = await runCli(['replay', '--logs', 'test/replay/logs/istio-text.log', '-f', dir, '-o', 'json'])
    expect(before.status).toBe(0)
    expect(verdicts(before.stdout)).toEqual(['allow', 'allow', 'allow', 'allow', 'allow'])
    const after = await runCli(['replay', '--logs', 'test/replay/logs/istio-text.log', '-f', dir, '-o', 'json', '--mesh-switch', 'registry-only'])
    expect(after.status).toBe(1)
    // www.google.com and 203.0.113.7:5432 have no ServiceEntry (as in the REGISTRY_ONLY test of replay.test.ts).
    expect(verdicts(after.stdout)).toEqual(['allow', 'allow', 'allow', 'deny', 'deny'])
    expect((JSON.parse(after.stdout) as {flows: Array<{decidedBy: {file: string}}>}).flows[3].decidedBy.file).toBe('--mesh-switch registry-only')
  })

  it('OSM egress-policy: with enableEgress every flow passes through; after the switch only the Egress policies allow', async () => {
    const dir = opened('osm', 'enableEgress: false', 'enableEgress: true')
    const log = 'test/replay/logs/osm.log'
    const before = await runCli(['replay', '--logs', log, '-f', dir, '-o', 'json'])
    // OSM v1.2 with enableEgressPolicy: an HTTP host with an Egress policy is routed by it (/post still 404);
    // TLS to api.github.com falls to the passthrough filter chain.
    expect(verdicts(before.stdout).slice(0, 5)).toEqual(['allow', 'allow', 'deny', 'allow', 'allow'])
    const after = await runCli(['replay', '--logs', log, '-f', dir, '-o', 'json', '--mesh-switch', 'egress-policy'])
    expect(verdicts(after.stdout).slice(0, 5)).toEqual(['allow', 'allow', 'deny', 'allow', 'deny'])
    expect(after.status).toBe(1)
  })

  it('refuses a switch of the other mesh', async () => {
    const r = await runCli(['replay', '--logs', 'test/replay/logs/osm.log', '-f', 'examples/osm', '--mesh-switch', 'registry-only'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/registry-only is an Istio switch; simulating osm/)
  })
})
