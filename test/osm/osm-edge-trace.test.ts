/**
 * osm-edge traces through the real CLI (`trace -o json`): where upstream leaves the order open the trace says
 * so among its assumptions, and the mesh-certificate failure names the Egress field behind it.
 */
import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

const SETUP = `
apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata: {name: osm-mesh-config, namespace: osm-system}
spec:
  sidecar: {sidecarClass: pipy}
  traffic: {enableEgress: false, enablePermissiveTrafficPolicyMode: false}
---
apiVersion: v1
kind: Namespace
metadata:
  name: curl
  labels: {openservicemesh.io/monitored-by: osm}
  annotations: {openservicemesh.io/sidecar-injection: enabled}
`
const egress = (name: string, spec: string) => `---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: ${name}, namespace: curl}
spec:
  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
${spec}`

async function trace(yaml: string, request: string, flags: string[] = []) {
  const run = await runCli(['trace', '-f', '-', '--from', 'curl/curl', '-o', 'json', ...flags, '--', ...request.split(' ')], {input: yaml})
  return JSON.parse(run.stdout) as {
    verdict: string
    outcome: {curlExit?: number}
    assumptions: Array<{code: string; says: string}>
    decidedBy: {name: string; path: string} | null
    warnings: Array<{code: string}>
  }
}

describe('osm-edge trace JSON', () => {
  // pkg/catalog/egress_test.go "multiple egress policies for HTTPS and TCP ports": both destinations take any address on 100.
  const tie = SETUP + egress('web', '  hosts: [foo.com]\n  ports: [{number: 100, protocol: https}]\n') + egress('raw', '  ports: [{number: 100, protocol: tcp}]\n')

  test('an https and a tcp destination without ranges on one port: the order is an assumption', async () => {
    const t = await trace(tie, 'curl https://foo.com:100/')
    expect(t.verdict).toBe('allow')
    const open = t.assumptions.find((a) => a.code === 'PIPY_ORDER_OPEN')
    expect(open?.says).toContain('egress-tcp.100')
  })

  test('no assumption about the order where only one destination can take the connection', async () => {
    const t = await trace(SETUP + egress('raw', '  ports: [{number: 100, protocol: tcp}]\n'), 'nc 1.2.3.4 100')
    expect(t.assumptions.map((a) => a.code)).not.toContain('PIPY_ORDER_OPEN')
  })

  test('an https policy with several hosts: the rotation over them is an assumption', async () => {
    const t = await trace(SETUP + egress('two', '  hosts: [a.org, b.org]\n  ports: [{number: 443, protocol: https}]\n'), 'curl https://b.org/')
    expect(t.verdict).toBe('allow')
    expect(t.assumptions.map((a) => a.code)).toContain('PIPY_ROUND_ROBIN')
  })

  test('http ipAddresses: the in-range request fails on the mesh certificate, credited to the ipAddresses entry', async () => {
    const t = await trace(
      SETUP + egress('ranged', '  hosts: [httpbin.org]\n  ipAddresses: [54.0.0.0/8]\n  ports: [{number: 80, protocol: http}]\n'),
      'curl --resolve httpbin.org:80:54.1.2.3 http://httpbin.org/get',
    )
    expect([t.verdict, t.outcome.curlExit, t.decidedBy?.name, t.decidedBy?.path]).toEqual(['deny', 52, 'ranged', '/spec/ipAddresses/0'])
  })

  test("an osm-edge trace carries osm-edge's findings, an OSM trace of the same files OSM's", async () => {
    const files = SETUP + egress('ranged', '  hosts: [httpbin.org]\n  ipAddresses: [54.0.0.0/8]\n  ports: [{number: 80, protocol: http}]\n')
    const edge = await trace(files, 'curl http://httpbin.org/get')
    expect(edge.warnings.map((w) => w.code)).toEqual(['OSM_EDGE_IPS_NEVER_WORK'])
    const osm = await trace(files, 'curl http://httpbin.org/get', ['--mesh', 'osm'])
    expect(osm.warnings.map((w) => w.code)).toEqual(['OSM_IPS_IGNORED_ON_HTTP'])
  })
})
