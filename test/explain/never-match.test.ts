import {describe, expect, test} from 'vitest'
import {meshBase} from '../create/helpers.js'
import {cnnServiceEntry as cnn} from '../istio/sidecar-yaml.js'
import {explainText} from './helpers.js'

/**
 * Istio config that exists and can never take effect, said only when no compiled proxy gets a rule from it.
 * Each fixture marks the policy line "# <-" and the setting that defeats it "# <=". The base is the Istio
 * example: the sleep client in default (injected) and the egress gateway pod in istio-system.
 * Visibility follows istiod: push_context.go IsServiceVisible ("*", "." = own namespace, listed namespaces;
 * MeshConfig defaultServiceExportTo when exportTo is unset), sidecar.go selectServices ("ns/host" egress
 * hosts, "." = the proxy's namespace) and the Sidecar chosen by workloadSelector, else the namespace's
 * selector-less one, else the root namespace's (push_context.go doGetSidecarScope); gateways use the
 * default scope of their namespace (sidecar.go DefaultSidecarScopeForGateway).
 */
const base = meshBase('istio')
const withoutGatewayPod = base
  .split('\n---\n')
  .filter((d) => !(d.includes('kind: Deployment') && d.includes('name: istio-egressgateway')))
  .join('\n---\n')

const serviceEntry = (namespace: string, exportTo?: string) => `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: ${namespace}}
spec:
  hosts: [api.example.com] # <-
${exportTo ? `  exportTo: ${exportTo}\n` : ''}  ports:
  - {number: 443, name: tls, protocol: TLS}
  resolution: DNS
`
const sidecar = (namespace: string, hosts: string, selector = '', name = 'egress') => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${selector ? `  workloadSelector: {labels: ${selector}}\n` : ''}  egress:
  - hosts: ${hosts}
`
const otherClient = `---
apiVersion: v1
kind: Namespace
metadata:
  name: other
  labels: {istio-injection: enabled}
---
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: other}
spec:
  serviceAccountName: app
  containers: [{name: app, image: curlimages/curl}]
`
const gateway = (namespace: string, selector: string) => `---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: egressgateway, namespace: ${namespace}}
spec:
${selector}  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [edition.cnn.com]
`
const virtualService = (namespace: string, gateways: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cnn, namespace: ${namespace}}
spec:
  hosts: [edition.cnn.com]
  gateways:
${gateways}  http:
  - route:
    - destination: {host: edition.cnn.com, port: {number: 80}}
`

interface Row {
  name: string
  input: string
}

const notVisible: Row[] = [
  {name: 'exportTo "." in a namespace with no client and no gateway', input: base + serviceEntry('other', '["."] # <=')},
  {name: 'exportTo "~" (nobody)', input: base + serviceEntry('default', '["~"] # <=')},
  {
    name: 'no exportTo, MeshConfig defaultServiceExportTo ["."]',
    input:
      base.replace('  mesh: |-', '  mesh: |- # <=').replace('      mode: REGISTRY_ONLY', '      mode: REGISTRY_ONLY\n    defaultServiceExportTo: ["."]') + serviceEntry('other'),
  },
  {name: "the namespace's Sidecar imports only istio-system", input: base + serviceEntry('default', '["."]') + sidecar('default', '["istio-system/*"] # <=')},
  {name: "the root namespace's Sidecar applies to default", input: base + serviceEntry('default', '["."]') + sidecar('istio-system', '["istio-system/*"] # <=')},
  {
    name: "a workloadSelector Sidecar wins over the namespace's default",
    input: base + serviceEntry('default', '["."]') + sidecar('default', '["*/*"]', '', 'default') + sidecar('default', '["istio-system/*"] # <=', '{app: sleep}'),
  },
  {
    name: 'a "~ns/host" egress host excludes it (Istio 1.31)',
    input: base + serviceEntry('default', '["."]') + sidecar('default', '\n    - "*/*"\n    - "~default/api.example.com" # <='),
  },
]

const visibleSomewhere: Row[] = [
  {name: 'exported to "." where a client lives', input: base + otherClient + serviceEntry('other', '["."]')},
  {name: 'exported to another namespace where a client lives', input: base + otherClient + serviceEntry('default', '[other]')},
  {name: 'the Sidecar imports the host', input: base + serviceEntry('default', '["."]') + sidecar('default', '["istio-system/*", "default/api.example.com"]')},
  {name: 'the Sidecar imports "./*"', input: base + serviceEntry('default', '["."]') + sidecar('istio-system', '["./*"]')},
  {name: 'used only by the egress gateway', input: base + serviceEntry('istio-system', '["."]')},
  {name: 'a "~ns/host" of another namespace', input: base + serviceEntry('default', '["."]') + sidecar('default', '["*/*", "~other/api.example.com"]')},
  {name: 'a workloadSelector Sidecar that selects no client', input: base + serviceEntry('default', '["."]') + sidecar('default', '["istio-system/*"]', '{app: other}')},
]

const unbound: Row[] = [
  {
    name: 'the Gateway selector matches no gateway pod',
    input: base + cnn + gateway('istio-system', '  selector: {istio: egress} # <=\n') + virtualService('default', '  - istio-system/egressgateway # <-\n  - mesh\n'),
  },
  {
    name: 'a short name resolves in the VirtualService namespace',
    input: base + cnn + gateway('default', '  selector: {istio: egress} # <=\n') + virtualService('default', '  - egressgateway # <-\n'),
  },
  {
    name: 'a legacy FQDN name',
    input: base + cnn + gateway('istio-system', '  selector: {istio: egress} # <=\n') + virtualService('default', '  - egressgateway.istio-system.svc.cluster.local # <-\n'),
  },
]

const bound: Row[] = [
  {
    name: "the selector matches the Deployment's pod template labels",
    input: base + cnn + gateway('istio-system', '  selector: {istio: egressgateway}\n') + virtualService('default', '  - istio-system/egressgateway\n  - mesh\n'),
  },
  {
    name: 'a Gateway without a selector serves every gateway workload',
    input: base + cnn + gateway('istio-system', '') + virtualService('default', '  - istio-system/egressgateway\n'),
  },
  {
    name: 'no gateway pod in the input: nothing to tell',
    input: withoutGatewayPod + cnn + gateway('istio-system', '  selector: {istio: egress}\n') + virtualService('default', '  - istio-system/egressgateway\n'),
  },
  {name: '"mesh" is not a Gateway', input: base + cnn + virtualService('default', '  - mesh\n')},
]

const marked = (text: string, marker: string) => text.split('\n').flatMap((l, i) => (l.includes(marker) ? [i + 1] : []))
const found = (input: string, code: string, from?: {namespace: string; serviceAccount: string}) => {
  const e = explainText(input, 'istio', 'input.yaml', from)
  // Every object is accepted: an absent finding is not an object validation dropped.
  expect(e.findings.filter((d) => d.severity === 'error')).toEqual([])
  return e.findings.filter((d) => d.code === code).map((d) => `${d.severity} ${d.source.line} set by ${d.related?.source.line}`)
}
const expected = (input: string) => marked(input, '# <-').map((l) => `warning ${l} set by ${marked(input, '# <=')[0]}`)

describe('explain: a ServiceEntry no proxy sees is a warning at its host, citing the exportTo or the Sidecar', () => {
  test.each(notVisible)('$name', ({input}) => expect(found(input, 'ISTIO_SE_NOT_VISIBLE')).toEqual(expected(input)))
  test.each(visibleSomewhere)('none: $name', ({input}) => expect(found(input, 'ISTIO_SE_NOT_VISIBLE')).toEqual([]))
  test('explain --from a client that does not see it still asks every client', () => {
    const input = base + otherClient + serviceEntry('other', '["."]')
    expect(found(input, 'ISTIO_SE_NOT_VISIBLE', {namespace: 'default', serviceAccount: 'sleep'})).toEqual([])
    const dead = base + serviceEntry('other', '["."] # <=')
    expect(found(dead, 'ISTIO_SE_NOT_VISIBLE', {namespace: 'default', serviceAccount: 'sleep'})).toEqual(expected(dead))
  })
})

describe('explain: a VirtualService bound to a Gateway that selects no pod is a warning at gateways[i], citing the selector', () => {
  test.each(unbound)('$name', ({input}) => expect(found(input, 'ISTIO_VS_GATEWAY_NO_WORKLOAD')).toEqual(expected(input)))
  test.each(bound)('none: $name', ({input}) => expect(found(input, 'ISTIO_VS_GATEWAY_NO_WORKLOAD')).toEqual([]))
})
