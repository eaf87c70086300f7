import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

describe('kubectl egress create (built CLI)', () => {
  test('without a terminal, missing arguments are listed and the exit status is 2', async () => {
    const res = await runCli(['create', '--host', 'httpbin.org'])
    expect({status: res.status, stderr: res.stderr, stdout: res.stdout}).toEqual({status: 2, stderr: 'error: missing NAME, --from NAMESPACE/SERVICEACCOUNT, --port PORT/PROTOCOL\n', stdout: ''})
  })

  test('prints YAML that validate accepts', async () => {
    const res = await runCli(['create', 'httpbin', '--from', 'curl/curl', '--host', 'httpbin.org', '--port', '443/https'])
    expect(res.status).toBe(0)
    const check = await runCli(['validate', '-f', '-'], {input: res.stdout})
    expect(check.status).toBe(0)
  })

  test('create mesh-switch -o command', async () => {
    const res = await runCli(['create', 'mesh-switch', '--mesh', 'istio', '--outbound-traffic-policy', 'REGISTRY_ONLY', '-o', 'command'])
    expect(res.stdout).toBe('istioctl install --set meshConfig.outboundTrafficPolicy.mode=REGISTRY_ONLY\n')
  })
})
