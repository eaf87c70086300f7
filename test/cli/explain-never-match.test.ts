import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

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
