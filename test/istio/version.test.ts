import {describe, expect, test} from 'vitest'
import {ISTIO_VERSIONS, istioAtLeast} from '../../sim/compile/istio/version.js'
import {parseScenario} from '../../src/scenario/parse-scenario.js'
import {runCli} from '../helpers/cli.js'
import {compile, meshConfig, ref, sleepClient, vhostFor} from './builders.js'

describe('--istio-version', () => {
  test('the supported range is 1.22 to 1.31, in order', () => {
    expect([ISTIO_VERSIONS[0], ISTIO_VERSIONS.at(-1)]).toEqual(['1.22', '1.31'])
    expect([istioAtLeast('1.30', '1.31'), istioAtLeast('1.31', '1.31'), istioAtLeast('1.31', '1.22')]).toEqual([false, true, true])
  })

  // istio 1.30 pkg/config/mesh/meshwatcher/collection.go: a mesh config that does not parse is discarded whole.
  test('istiod before 1.31 cannot read ALLOW_ANY_DYNAMIC_DNS and runs on the default mesh config, said as an assumption', () => {
    const {table, sidecar} = compile([meshConfig('ALLOW_ANY_DYNAMIC_DNS'), ...sleepClient()], 'default/sleep', '1.30')
    expect(table.assumptions.map((a) => a.code)).toEqual(['MESHCONFIG_REJECTED'])
    const vh = vhostFor(sidecar.routeConfigs['80'], 'httpbin.org')!
    expect([vh.name, ref(vh.origin)]).toEqual(['allow_any', 'default'])
  })

  test('a scenario names the version as a quoted minor version, for Istio only', () => {
    const text = (top: string) => `name: s\nmesh: istio\n${top}\nsteps:\n  - trace: {from: default/sleep, request: curl http://a.b}\n    expect: {verdict: allow}\n`
    expect(parseScenario(text('istioVersion: "1.30"'), 's.yaml').scenario?.istioVersion).toBe('1.30')
    expect(parseScenario(text('istioVersion: "1.21"'), 's.yaml').diagnostics.map((d) => [d.code, d.field, d.source.line])).toEqual([['SCENARIO_SHAPE', 'istioVersion', 3]])
  })

  test('trace refuses a version outside the range with exit 2', async () => {
    const run = await runCli(['trace', '-f', 'examples/istio', '--from', 'default/sleep', '--istio-version', '1.21', '--', 'curl', 'http://httpbin.org'])
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('1.21')
  })
})
