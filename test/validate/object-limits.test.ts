/**
 * Count limits on objects (maxProperties / minProperties) and lists, as the API server reports them: kube-openapi
 * pkg/validation/validate/object_validator.go counts an object's fields; apiextensions-apiserver
 * pkg/apiserver/validation/validation.go turns too many into apimachinery field.TooMany ("Too many: <n>: must
 * have at most <max> items", "item" when the most is 1 since Kubernetes 1.34) and too few into field.Invalid with
 * kube-openapi's "<field> in body should have at least <min> properties". The limits are the CRDs' own
 * (test/fixtures/upstream/gateway-api, ../shared/crds/istio); the Istio releases that have each limit are those of
 * istio/api's kubernetes/customresourcedefinitions.gen.yaml at tags 1.22.0, 1.23.0 and 1.24.0.
 */
import {describe, expect, test} from 'vitest'
import type {IstioVersion} from '../../sim/compile/istio/version.js'
import {parseResources} from '../../src/load/parse.js'
import {validate} from '../../src/validate/index.js'
import {checkSchema} from '../../src/validate/schema.js'

const entries = (n: number, indent: string, value: (i: number) => string) => Array.from({length: n}, (_, i) => `${indent}k${i}: ${value(i)}\n`).join('')

function findings(text: string, istioVersion?: IstioVersion) {
  const parsed = parseResources(text, 'limits.yaml')
  expect(parsed.diagnostics).toEqual([])
  const marked = text.split('\n').flatMap((l, i) => (l.includes('# <-') ? [i + 1] : []))
  const got = validate({resources: parsed.resources}, {istioVersion}).filter((d) => d.severity === 'error')
  return {marked, got: got.map((d) => [d.code, d.field, d.message, d.source.line])}
}

const gatewayWithOptions = (n: number) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: egress, namespace: default}
spec:
  gatewayClassName: istio
  listeners:
  - name: tls
    port: 443
    protocol: TLS
    tls:
      mode: Passthrough
      options: # <-
${entries(n, '        ', () => '"v"')}`

const tlsRoute = (rules: number) => `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: r, namespace: default}
spec:
  hostnames: [edition.cnn.com]
  rules: # <-
${'  - backendRefs: [{name: web, port: 443}]\n'.repeat(rules)}`

const serviceEntryWithLabels = (n: number) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: se, namespace: default}
spec:
  hosts: [api.example.com]
  resolution: STATIC
  ports: [{number: 443, name: tls, protocol: TLS}]
  endpoints:
  - address: 10.0.0.1
    labels: # <-
${entries(n, '      ', () => 'x')}`

const sidecarSelecting = (n: number) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: sc, namespace: default}
spec:
  workloadSelector:
    labels: # <-
${entries(n, '      ', () => 'x')}  egress:
  - hosts: ["./*"]
`

describe('maxProperties', () => {
  test('a Gateway listener with the 16 TLS options its CRD allows', () => expect(findings(gatewayWithOptions(16)).got).toEqual([]))

  test('a Gateway listener with 17 TLS options', () => {
    const {marked, got} = findings(gatewayWithOptions(17))
    expect(got).toEqual([['GATEWAY_API_CRD_MAX_PROPERTIES', 'spec.listeners[0].tls.options', 'Too many: 17: must have at most 16 items', marked[0]]])
  })

  test('a ServiceEntry endpoint with 257 labels: rejected since Istio 1.23, stored by 1.22', () => {
    const text = serviceEntryWithLabels(257)
    const {marked, got} = findings(text, '1.23')
    expect(got).toEqual([['ISTIO_CRD_MAX_PROPERTIES', 'spec.endpoints[0].labels', 'Too many: 257: must have at most 256 items', marked[0]]])
    expect(findings(text, '1.22').got).toEqual([])
    expect(findings(serviceEntryWithLabels(256), '1.23').got).toEqual([])
  })

  test('a Sidecar selecting by 257 labels: rejected since Istio 1.24, stored by 1.23', () => {
    const text = sidecarSelecting(257)
    const {marked, got} = findings(text, '1.24')
    expect(got).toEqual([['ISTIO_CRD_MAX_PROPERTIES', 'spec.workloadSelector.labels', 'Too many: 257: must have at most 256 items', marked[0]]])
    expect(findings(text, '1.23').got).toEqual([])
  })
})

describe('maxItems of one', () => {
  test('a TLSRoute v1 with two rules: "at most 1 item"', () => {
    const {marked, got} = findings(tlsRoute(2))
    expect(got).toEqual([['GATEWAY_API_CRD_MAX_ITEMS', 'spec.rules', 'Too many: 2: must have at most 1 item', marked[0]]])
    expect(findings(tlsRoute(1)).got).toEqual([])
  })
})

describe('minProperties', () => {
  // No CRD we model has one yet; the agreement tests fail if one appears, and then this is its message.
  const schema = {type: 'object' as const, minProperties: 2, additionalProperties: {type: 'string' as const}}
  test('too few fields, nulls not counted', () => {
    expect(checkSchema({a: 'x', b: null}, schema, ['spec', 'selector'])).toEqual([
      {rule: 'minProperties', at: ['spec', 'selector'], field: 'spec.selector', message: 'Invalid value: 1: spec.selector in body should have at least 2 properties'},
    ])
    expect(checkSchema({a: 'x', b: 'y'}, schema, ['spec', 'selector'])).toEqual([])
  })
})
