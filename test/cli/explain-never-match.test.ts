import {readFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

/**
 * Istio config that can never take effect, through the real CLI. The fixture's ServiceEntry payments/api
 * (host at line 59) is exported only to its own namespace (exportTo ["."], line 60), where no client or
 * gateway runs (istio push_context.go IsServiceVisible); VirtualService default/cnn names Gateway
 * istio-system/egressgateway (spec.gateways[1], line 91), whose selector (line 69) matches no label of the
 * input's only gateway pod (istio: egressgateway; push_context.go mergeGateways selects by labels).
 */
const FIXTURE = 'test/fixtures/explain/istio-never-match.yaml'

describe('never-matching Istio config, through the CLI', () => {
  test('explain -o json: both findings at the policy and the setting; --fail-on warning exits 1, without it 0', async () => {
    const plain = await runCli(['explain', '-f', FIXTURE, '-o', 'json'])
    expect(plain.status).toBe(0)
    const findings = (JSON.parse(plain.stdout) as {findings: Array<{code: string; severity: string; source: {line: number}; related?: {source: {line: number}}}>}).findings
    expect(findings.map((f) => `${f.code}:${f.severity}:${f.source.line}:${f.related?.source.line}`).sort()).toEqual([
      'ISTIO_SE_NOT_VISIBLE:warning:59:60',
      'ISTIO_VS_GATEWAY_NO_WORKLOAD:warning:91:69',
    ])
    expect((await runCli(['explain', '-f', FIXTURE, '--fail-on', 'warning'])).status).toBe(1)
    expect((await runCli(['explain', '-f', FIXTURE, '--fail-on', 'error'])).status).toBe(0)
  })

  test('validate -v lists them with the setting; plain validate does not', async () => {
    const verbose = await runCli(['validate', '-v', '-f', FIXTURE])
    expect(verbose.stdout.split('\n').filter((l) => l.includes('[ISTIO_SE_NOT_VISIBLE]'))).toEqual([
      expect.stringMatching(new RegExp(`^${FIXTURE}:59: .*\\(set by ${FIXTURE}:60: ServiceEntry/payments/api: spec\\.exportTo\\)$`)),
    ])
    expect(verbose.stdout.split('\n').filter((l) => l.includes('[ISTIO_VS_GATEWAY_NO_WORKLOAD]'))).toEqual([
      expect.stringMatching(new RegExp(`^${FIXTURE}:91: .*\\(set by ${FIXTURE}:69: Gateway/istio-system/egressgateway: spec\\.selector\\)$`)),
    ])
    expect((await runCli(['validate', '-f', FIXTURE])).stdout).not.toContain('ISTIO_SE_NOT_VISIBLE')
  })
})

interface NearMissJson {
  kind: string
  name: string
  origin: {line: number}
  setBy?: {line: number}
  hint?: {code: string}
}

describe('trace names a ServiceEntry the client does not see as a near miss, with the setting that hides it', () => {
  // Under REGISTRY_ONLY the sidecar has no cluster for api.example.com:443 (the entry is not in its scope), so
  // the connection goes to BlackHoleCluster; the entry would have registered it (istio push_context.go IsServiceVisible).
  const registryOnly = readFileSync(`${ROOT}${FIXTURE}`, 'utf8').replace('mode: ALLOW_ANY', 'mode: REGISTRY_ONLY')
  const traceJson = async (input: string) => {
    const r = await runCli(['trace', '-f', '-', '--from', 'default/sleep', '-o', 'json', '--', 'curl', '-sI', 'https://api.example.com/'], {input})
    return {status: r.status, out: JSON.parse(r.stdout) as {verdict: string; nearMisses: NearMissJson[]}}
  }

  test('not exported to the client: deny, and the near miss cites the host (line 59) and exportTo (line 60)', async () => {
    const {status, out} = await traceJson(registryOnly)
    expect([status, out.verdict]).toEqual([1, 'deny'])
    expect(out.nearMisses.filter((n) => n.hint?.code === 'NOT_VISIBLE').map((n) => `${n.kind} ${n.name} ${n.origin.line} ${n.setBy?.line}`)).toEqual([
      'cluster outbound|443||api.example.com 59 60',
    ])
    const text = await runCli(['trace', '-f', '-', '--from', 'default/sleep', '--', 'curl', '-sI', 'https://api.example.com/'], {input: registryOnly, env: {COLUMNS: '400'}})
    expect(text.stdout).toMatch(/would take this request, but .*exportTo \[\.\] does not include namespace default \(set by ServiceEntry\/payments\/api at .*:60\)/)
  })

  test('exported to every namespace: allowed, no such near miss', async () => {
    const {status, out} = await traceJson(registryOnly.replace('exportTo: ["."]', 'exportTo: ["*"]'))
    expect([status, out.verdict]).toEqual([0, 'allow'])
    expect(out.nearMisses.filter((n) => n.hint?.code === 'NOT_VISIBLE')).toEqual([])
  })
})
