import {describe, expect, test} from 'vitest'
import {meshBase} from '../create/helpers.js'
import {explainText, lineWith, SERVICE_ENTRY_TLS} from './helpers.js'

/**
 * Policies whose destinations iptables sends around the sidecar. Which connections are redirected follows
 * the capture rules: OSM pkg/injector/iptables.go (MeshConfig spec.traffic.outboundPortExclusionList,
 * outboundIPRangeExclusionList, outboundIPRangeInclusionList, merged with the pod's
 * openservicemesh.io/outbound-* annotations); Istio tools/istio-iptables capture/run.go with the
 * traffic.sidecar.istio.io/{exclude,include}Outbound{IPRanges,Ports} annotations (includeOutboundIPRanges
 * limits capture to those ranges; "*" is the default). Each fixture marks the policy line "# <-" and the
 * setting that defeats it "# <=".
 */
const osmBase = meshBase('osm')
const istioBase = meshBase('istio')

const osmMeshConfig = (line: string) => osmBase.replace('    enableEgress: false\n', `    enableEgress: false\n    ${line}\n`)
const osmPodAnnotation = (line: string) => osmBase.replace('        app: curl\n    spec:', `        app: curl\n      annotations:\n        ${line}\n    spec:`)
const istioPodAnnotation = (line: string) => istioBase.replace('        app: sleep\n    spec:', `        app: sleep\n      annotations:\n        ${line}\n    spec:`)

const osmHttps = `---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: httpbin, namespace: curl}
spec:
  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
  hosts: [httpbin.org]
  ports:
  - number: 443 # <-
    protocol: https
`
const osmTcp = (range: string) => `---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: db, namespace: curl}
spec:
  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
  ipAddresses: [${range}]
  ports:
  - number: 5432 # <-
    protocol: tcp
`
const istioHttps = SERVICE_ENTRY_TLS
const istioTcp = (range: string) => `---
apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: db, namespace: default}
spec:
  hosts: [db.example.com]
  addresses: [${range}]
  ports:
  - {number: 5432, name: tcp, protocol: TCP} # <-
  resolution: NONE
`

interface Row {
  name: string
  mesh: 'osm' | 'istio'
  input: string
  severity?: 'error' | 'warning'
}

const triggers: Row[] = [
  {name: 'OSM: MeshConfig outboundPortExclusionList holds the policy port', mesh: 'osm', input: osmMeshConfig('outboundPortExclusionList: [443] # <=') + osmHttps},
  {
    name: "OSM: the pod's outbound-port-exclusion-list annotation",
    mesh: 'osm',
    input: osmPodAnnotation('openservicemesh.io/outbound-port-exclusion-list: "8080,443" # <=') + osmHttps,
  },
  {
    name: 'OSM: MeshConfig outboundIPRangeExclusionList covers the policy range',
    mesh: 'osm',
    input: osmMeshConfig('outboundIPRangeExclusionList: [10.0.0.0/8] # <=') + osmTcp('10.1.0.0/16'),
  },
  {
    name: 'OSM: an excluded range inside the policy range',
    mesh: 'osm',
    input: osmPodAnnotation('openservicemesh.io/outbound-ip-range-exclusion-list: "10.1.0.0/16" # <=') + osmTcp('10.0.0.0/8'),
    severity: 'warning',
  },
  {
    name: 'OSM: MeshConfig outboundIPRangeInclusionList leaves the external host out',
    mesh: 'osm',
    input: osmMeshConfig('outboundIPRangeInclusionList: [10.96.0.0/12] # <=') + osmHttps,
  },
  {
    name: "OSM: the pod's outbound-ip-range-inclusion-list annotation",
    mesh: 'osm',
    input: osmPodAnnotation('openservicemesh.io/outbound-ip-range-inclusion-list: "10.96.0.0/12" # <=') + osmTcp('192.168.0.0/24'),
  },
  {
    name: 'Istio: excludeOutboundPorts holds the ServiceEntry port',
    mesh: 'istio',
    input: istioPodAnnotation('traffic.sidecar.istio.io/excludeOutboundPorts: "443" # <=') + istioHttps,
  },
  {
    name: 'Istio: excludeOutboundIPRanges covers the ServiceEntry addresses',
    mesh: 'istio',
    input: istioPodAnnotation('traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.20.0.0/16" # <=') + istioTcp('10.20.0.0/16'),
  },
  {
    name: 'Istio: includeOutboundIPRanges leaves the external host out',
    mesh: 'istio',
    input: istioPodAnnotation('traffic.sidecar.istio.io/includeOutboundIPRanges: "10.96.0.0/12" # <=') + istioHttps,
  },
]

const clean: Row[] = [
  {name: 'OSM: another port excluded', mesh: 'osm', input: osmMeshConfig('outboundPortExclusionList: [8080]') + osmHttps},
  {name: 'OSM: a disjoint range excluded', mesh: 'osm', input: osmMeshConfig('outboundIPRangeExclusionList: [192.168.0.0/16]') + osmTcp('10.1.0.0/16')},
  {name: 'OSM: the policy range included', mesh: 'osm', input: osmMeshConfig('outboundIPRangeInclusionList: [10.0.0.0/8]') + osmTcp('10.1.0.0/16')},
  {
    name: 'Istio: a disjoint range excluded',
    mesh: 'istio',
    input: istioPodAnnotation('traffic.sidecar.istio.io/excludeOutboundIPRanges: "192.168.0.0/16"') + istioTcp('10.20.0.0/16'),
  },
  {
    name: 'Istio: the ServiceEntry addresses included',
    mesh: 'istio',
    input: istioPodAnnotation('traffic.sidecar.istio.io/includeOutboundIPRanges: "10.0.0.0/8"') + istioTcp('10.20.0.0/16'),
  },
  {name: 'Istio: another port excluded', mesh: 'istio', input: istioPodAnnotation('traffic.sidecar.istio.io/excludeOutboundPorts: "8443"') + istioHttps},
]

const codeOf = (mesh: Row['mesh']) => (mesh === 'osm' ? 'OSM_CAPTURE_BYPASSED' : 'ISTIO_CAPTURE_BYPASSED')

describe('explain: a policy whose destination the capture rules send around the sidecar, at the policy and the setting', () => {
  test.each(triggers)('$name', ({mesh, input, severity}) => {
    const found = explainText(input, mesh).findings.filter((d) => d.code === codeOf(mesh))
    expect(found.map((d) => `${d.source.line}:${d.related?.source.line}:${d.severity}`)).toEqual([`${lineWith(input, '# <-')}:${lineWith(input, '# <=')}:${severity ?? 'error'}`])
    expect(found[0].hint).toBeTruthy()
  })
  test.each(clean)('none: $name', ({mesh, input}) => {
    expect(explainText(input, mesh).findings.filter((d) => d.code === codeOf(mesh))).toEqual([])
  })
})

describe('trace decides a bypassed destination at the setting, as the finding says', () => {
  test.each(triggers.filter((t) => t.severity !== 'warning'))('$name', ({mesh, input}) => {
    const e = explainText(input, mesh)
    const policyLine = lineWith(input, '# <-')
    const sentence = e.clients.flatMap((c) => c.reaches).find((s) => s.rule?.from === 'resource' && s.rule.source.line === policyLine)
    expect(sentence?.outcome?.verdict).toBe('allow')
    expect(sentence?.decidedBy?.from === 'resource' && sentence.decidedBy.source.line).toBe(lineWith(input, '# <='))
  })
})
