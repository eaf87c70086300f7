import {expect, test} from 'vitest'
import {parseResources} from '../../src/load/parse.js'
import {validate} from '../../src/validate/index.js'
import {compile} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import {re2Problem} from '../../sim/rules/re2.js'
import {trace} from '../../sim/trace/index.js'

test.each([
  {re: '/api/.*', ok: true},
  {re: '/status/[0-9]{3}', ok: true},
  {re: '/a\\-b', ok: true},
  {re: '(?P<v>v[0-9])/items', ok: true},
  {re: '[(?=]x', ok: true},
  {re: '/api/(?!admin).*', ok: false},
  {re: '/api/(?=v1)', ok: false},
  {re: '(?<!x)y', ok: false},
  {re: '(a)\\1', ok: false},
  {re: '(?>a+)b', ok: false},
  {re: 'a*+', ok: false},
  {re: '/api/(', ok: false},
])('RE2 accepts $re: $ok', ({re, ok}) => {
  expect(re2Problem(re) === null).toBe(ok)
})

const osm = (pathRegex: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: curl
  labels: {openservicemesh.io/monitored-by: osm}
  annotations: {openservicemesh.io/sidecar-injection: enabled}
---
apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata: {name: osm-mesh-config, namespace: osm-system}
spec:
  traffic: {enableEgress: false}
  featureFlags: {enableEgressPolicy: true}
---
apiVersion: specs.smi-spec.io/v1alpha4
kind: HTTPRouteGroup
metadata: {name: routes, namespace: curl}
spec:
  matches:
  - name: api
    pathRegex: ${JSON.stringify(pathRegex)}
---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: httpbin-80, namespace: curl}
spec:
  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
  hosts: [httpbin.org]
  ports: [{number: 80, protocol: http}]
  matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: routes}]
`

function traceOsm(text: string, request: string) {
  const {resources} = parseResources(text, 'osm.yaml')
  const table = compile({resources}, {mesh: 'osm', namespace: 'curl', serviceAccount: 'curl'})
  const req = requestFrom(request)
  if (!req.ok) throw new Error(req.error.message)
  return {table, result: trace(table, req.value)}
}

test('OSM: a lookahead in pathRegex makes Envoy reject rds-egress.80, so even a matching path gets 404', () => {
  const {table, result} = traceOsm(osm('/api/(?!admin).*'), 'curl http://httpbin.org/api/v1')
  expect(table.rejections).toMatchObject([{cause: 'invalid-regex', what: 'route config rds-egress.80'}])
  expect(result.outcome).toMatchObject({verdict: 'deny', status: 404})
  const fine = traceOsm(osm('/api/.*'), 'curl http://httpbin.org/api/v1')
  expect(fine.result.outcome.verdict).toBe('allow')
})

test('OSM: the regex is a warning at its own line (OSM accepts it silently)', () => {
  const {resources} = parseResources(osm('/api/(?!admin).*'), 'osm.yaml')
  const d = validate({resources}).filter((x) => x.code === 'OSM_REGEX_NOT_RE2')
  expect(d).toMatchObject([{severity: 'warning', field: 'spec.matches[0].pathRegex', source: {line: 21}}])
  expect(validate({resources}).some((x) => x.code === 'OSM_DUPLICATE_HOST')).toBe(false)
})

test('Istio: the webhook rejects a VirtualService whose uri regex RE2 cannot compile', () => {
  const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: default}
spec:
  hosts: [httpbin.org]
  http:
  - match:
    - uri:
        regex: "/api/(?!admin).*"
    route:
    - destination: {host: httpbin.org}
`
  const {resources} = parseResources(text, 'vs.yaml')
  expect(validate({resources}).filter((d) => d.code === 'ISTIO_VS_BAD_REGEX')).toMatchObject([{severity: 'error', field: 'spec.http[0].match[0].uri.regex', source: {line: 9}}])
})
