import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

/**
 * The findings only compiling and tracing shows reach every command that reports findings, through the real
 * CLI. The fixture excludes port 443 from the sidecar's capture (MeshConfig spec.traffic.outboundPortExclusionList,
 * line 15) and has an Egress for httpbin.org:443 (port at line 69): OSM's iptables rules send 443 around the
 * sidecar (pkg/injector/iptables.go), so the Egress never applies.
 */
const FIXTURE = 'test/fixtures/explain/osm-port-excluded.yaml'
const AT_POLICY = `${FIXTURE}:69`
const AT_SETTING = `${FIXTURE}:15`

describe('capture-bypassed policy, through the CLI', () => {
  test('explain prints the finding at the policy and the setting; --fail-on warning exits 1, without it 0', async () => {
    const plain = await runCli(['explain', '-f', FIXTURE])
    expect(plain.status).toBe(0)
    // Terminal text wraps; the finding is one paragraph: FILE:LINE … [CODE], then "set by:" the setting.
    const text = plain.stdout.replace(/\s+/g, ' ')
    expect(text).toMatch(
      new RegExp(`${AT_POLICY}: Egress/curl/httpbin-443: spec\\.ports\\[0\\]: [^[]*\\[OSM_CAPTURE_BYPASSED\\] set by: ${AT_SETTING}: MeshConfig/osm-system/osm-mesh-config`),
    )
    expect((await runCli(['explain', '-f', FIXTURE, '--fail-on', 'warning'])).status).toBe(1)
    expect((await runCli(['explain', '-f', 'examples/osm', '--fail-on', 'warning'])).status).toBe(0)
  })

  test('validate -v lists it on one line with the setting; plain validate does not, and neither changes the exit status', async () => {
    const verbose = await runCli(['validate', '-v', '-f', FIXTURE])
    expect(verbose.status).toBe(0)
    expect(verbose.stdout.split('\n').filter((l) => l.includes('[OSM_CAPTURE_BYPASSED]'))).toEqual([
      expect.stringMatching(new RegExp(`^${AT_POLICY}: .*\\(set by ${AT_SETTING}: MeshConfig/osm-system/osm-mesh-config: spec\\.traffic\\.outboundPortExclusionList\\[0\\]\\)$`)),
    ])
    const plain = await runCli(['validate', '-f', FIXTURE])
    expect(plain.stdout).not.toContain('OSM_CAPTURE_BYPASSED')
    const json = JSON.parse((await runCli(['validate', '-v', '-f', FIXTURE, '-o', 'json'])).stdout) as {findings: Array<{code: string; line: number; related?: {line: number}}>}
    expect(json.findings.map((f) => `${f.code}:${f.line}:${f.related?.line}`)).toEqual(['OSM_CAPTURE_BYPASSED:69:15'])
  })

  test('SARIF carries the setting as a related location', async () => {
    const sarif = JSON.parse((await runCli(['explain', '-f', FIXTURE, '-o', 'sarif'])).stdout) as {
      runs: Array<{
        tool: {driver: {rules: Array<{id: string; help?: unknown}>}}
        results: Array<{ruleId: string; relatedLocations?: Array<{physicalLocation: {region: {startLine: number}}}>}>
      }>
    }
    const result = sarif.runs[0].results.find((r) => r.ruleId === 'OSM_CAPTURE_BYPASSED')
    expect(result?.relatedLocations?.map((l) => l.physicalLocation.region.startLine)).toEqual([15])
    // Its docs/findings page ships as the rule's help.
    expect(sarif.runs[0].tool.driver.rules.find((r) => r.id === 'OSM_CAPTURE_BYPASSED')?.help).toBeTruthy()
  })
})
