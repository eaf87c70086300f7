import {describe, expect, test} from 'vitest'
import {parseScenario} from '../../src/scenario/parse-scenario.js'
import {runScenario} from '../../src/scenario/run-scenario.js'

const MESH = `resources: |
  apiVersion: v1
  kind: Namespace
  metadata:
    name: curl
    labels:
      openservicemesh.io/monitored-by: osm
    annotations:
      openservicemesh.io/sidecar-injection: enabled
  ---
  kind: Egress
  apiVersion: policy.openservicemesh.io/v1alpha1
  metadata:
    name: httpbin-443
    namespace: curl
  spec:
    sources:
    - {kind: ServiceAccount, name: curl, namespace: curl}
    hosts: [httpbin.org]
    ports:
    - {number: 443, protocol: https}
`

const scenario = (steps: string) => `name: s\nmesh: osm\n${MESH}steps:\n${steps}`
const codes = (text: string) => parseScenario(text, 's.yaml').diagnostics.map((d) => [d.code, d.source.line, d.field])

describe('parseScenario', () => {
  test.each([
    {
      name: 'unknown expectation',
      steps: '  - trace: {from: curl/curl, request: curl https://httpbin.org}\n    expect: {verdict: allow, stauts: 200}\n',
      want: [['SCENARIO_SHAPE', 26, 'steps.0.expect.stauts']],
    },
    {
      name: 'bad identity',
      steps: '  - trace: {from: curl, request: curl https://httpbin.org}\n    expect: {verdict: allow}\n',
      want: [['SCENARIO_SHAPE', 25, 'steps.0.trace.from']],
    },
    {
      name: 'request that does not parse',
      steps: '  - trace: {from: curl/curl, request: "curl --bogus-flag"}\n    expect: {verdict: allow}\n',
      want: [['SCENARIO_REQUEST', 25, 'steps.0.trace.request']],
    },
    {name: 'two actions in one step', steps: '  - delete: [Egress/curl/x]\n    apply: ""\n', want: [['SCENARIO_SHAPE', 25, 'steps.0']]},
    {name: 'no expectation', steps: '  - trace: {from: curl/curl, request: curl https://httpbin.org}\n', want: [['SCENARIO_SHAPE', 25, 'steps.0.expect']]},
  ])('$name', ({steps, want}) => {
    expect(codes(scenario(steps))).toEqual(want)
  })

  test('inline resources keep their lines in the scenario file', () => {
    const parsed = parseScenario(scenario('  - trace: {from: curl/curl, request: curl -sI https://httpbin.org/get}\n    expect: {verdict: allow}\n'), 's.yaml')
    expect(parsed.diagnostics).toEqual([])
    const egress = parsed.scenario!.resources.find((r) => r.kind === 'Egress')!
    expect([egress.source.line, egress.positions.get('/spec/hosts/0')]).toEqual([13, [21, 13]])
    const result = runScenario(parsed.scenario!)
    expect(result.steps[0].status).toBe('pass')
    const chain = result.steps[0].trace!.hops[0].steps.find((st) => st.stage === 'filter-chain')!.chose!.origin
    expect(chain.from === 'resource' ? [chain.ref.name, chain.source.file, chain.source.line] : chain).toEqual(['httpbin-443', 's.yaml', expect.any(Number)])
    expect(chain.from === 'resource' && chain.source.line >= 13 && chain.source.line <= 23).toBe(true)
  })
})
