import {describe, expect, test} from 'vitest'
import {meshBase} from '../create/helpers.js'
import {explainText, lineWith} from './helpers.js'

const osm = meshBase('osm')
/** The Istio example mesh with the pods isolated, so that only the fixture's own finding shows. */
const istio = `${meshBase('istio')}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: lockdown, namespace: default}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-system}}}]
`

const egress = (name: string, body: string) => `---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: ${name}, namespace: curl}
spec:
  sources:
  - {kind: ServiceAccount, name: curl, namespace: curl}
${body}`
const https = egress('httpbin', '  hosts: [httpbin.org]\n  ports: [{number: 443, protocol: https}]\n')
const hrg = (name: string) => `---
apiVersion: specs.smi-spec.io/v1alpha4
kind: HTTPRouteGroup
metadata: {name: ${name}, namespace: curl}
spec:
  matches: [{name: get, pathRegex: /get}]
`
const istioObject = (kind: string, name: string, spec: string) => `---
apiVersion: networking.istio.io/v1beta1
kind: ${kind}
metadata: {name: ${name}, namespace: default}
spec:
${spec}`
const httpbinSE = istioObject('ServiceEntry', 'httpbin', '  hosts: [httpbin.org]\n  ports: [{number: 80, name: http, protocol: HTTP}]\n  resolution: DNS\n')

/** An ambient namespace with one client (ztunnel captures it: no sidecar, istio.io/dataplane-mode=ambient). */
const ambientClient = `---
apiVersion: v1
kind: Namespace
metadata: {name: apps, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: curl, namespace: apps}
spec:
  selector: {matchLabels: {app: curl}}
  template:
    metadata: {labels: {app: curl}}
    spec: {serviceAccountName: curl, containers: [{name: curl, image: curlimages/curl}]}
`
/** The ambient namespace isolated like default, so that only a waypoint finding shows. */
const ambientIsolated = `${ambientClient}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: lockdown, namespace: apps}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-system}}}]
`
const waypointSE = (label: string) => `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: httpbin
  namespace: apps
  labels:
    istio.io/use-waypoint: waypoint${label}
spec:
  hosts: [httpbin.org]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DNS
`
/** The Gateway `istioctl waypoint apply --for service` writes; allowedRoutes defaults to Same. */
const waypoint = (namespace: string) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: waypoint, namespace: ${namespace}, labels: {istio.io/waypoint-for: service}}
spec:
  gatewayClassName: istio-waypoint
  listeners: [{name: mesh, port: 15008, protocol: HBONE}]
`

interface Row {
  code: string
  mesh: 'osm' | 'istio'
  /** Contains "# <-" on the line the finding must point at. */
  triggers: string
  clean: string
}

const rows: Row[] = [
  {
    code: 'OSM_HTTPROUTEGROUP_MISSING',
    mesh: 'osm',
    triggers:
      osm +
      egress(
        'e',
        '  hosts: [httpbin.org]\n  ports: [{number: 80, protocol: http}]\n  matches:\n  - apiGroup: specs.smi-spec.io/v1alpha4\n    kind: HTTPRouteGroup\n    name: routes # <-\n',
      ),
    clean:
      osm +
      hrg('routes') +
      egress('e', '  hosts: [httpbin.org]\n  ports: [{number: 80, protocol: http}]\n  matches:\n  - {apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: routes}\n'),
  },
  {
    code: 'OSM_UTS_MISSING',
    mesh: 'osm',
    triggers:
      osm +
      egress(
        'e',
        '  hosts: [httpbin.org]\n  ports: [{number: 443, protocol: https}]\n  matches:\n  - apiGroup: policy.openservicemesh.io/v1alpha1\n    kind: UpstreamTrafficSetting\n    name: limits # <-\n',
      ),
    clean:
      osm +
      '---\napiVersion: policy.openservicemesh.io/v1alpha1\nkind: UpstreamTrafficSetting\nmetadata: {name: limits, namespace: curl}\nspec: {host: httpbin.org}\n' +
      egress(
        'e',
        '  hosts: [httpbin.org]\n  ports: [{number: 443, protocol: https}]\n  matches:\n  - {apiGroup: policy.openservicemesh.io/v1alpha1, kind: UpstreamTrafficSetting, name: limits}\n',
      ),
  },
  {code: 'OSM_PROTOCOL_UNKNOWN', mesh: 'osm', triggers: osm + egress('e', '  hosts: [httpbin.org]\n  ports:\n  - number: 443\n    protocol: grpc # <-\n'), clean: osm + https},
  {code: 'OSM_PROTOCOL_CASE', mesh: 'osm', triggers: osm + egress('e', '  hosts: [httpbin.org]\n  ports:\n  - number: 443\n    protocol: HTTPS # <-\n'), clean: osm + https},
  {
    code: 'OSM_SOURCE_NOT_FOUND',
    mesh: 'osm',
    triggers:
      osm +
      '---\napiVersion: policy.openservicemesh.io/v1alpha1\nkind: Egress\nmetadata: {name: e, namespace: curl}\nspec:\n  sources:\n  - kind: ServiceAccount\n    name: crul # <-\n    namespace: curl\n  hosts: [httpbin.org]\n  ports: [{number: 443, protocol: https}]\n',
    clean: osm + https,
  },
  {
    code: 'OSM_IPS_IGNORED_ON_HTTP',
    mesh: 'osm',
    triggers: osm + egress('e', '  hosts: [httpbin.org]\n  ipAddresses: # <-\n  - 203.0.113.0/24\n  ports: [{number: 80, protocol: http}]\n'),
    clean: osm + egress('e', '  ipAddresses: [203.0.113.0/24]\n  ports: [{number: 5000, protocol: tcp}]\n'),
  },
  {code: 'OSM_HTTPS_IP_HOST', mesh: 'osm', triggers: osm + egress('e', '  hosts:\n  - 203.0.113.5 # <-\n  ports: [{number: 443, protocol: https}]\n'), clean: osm + https},
  {
    code: 'OSM_OVERLAPPING_CHAINS',
    mesh: 'osm',
    triggers: osm + egress('any-tcp', '  ports: [{number: 443, protocol: tcp}]\n') + egress('any-https', '  ports:\n  - number: 443 # <-\n    protocol: https\n'),
    clean: osm + egress('any-tcp', '  ports: [{number: 443, protocol: tcp}]\n'),
  },
  {
    code: 'OSM_DUPLICATE_HOST',
    mesh: 'osm',
    triggers:
      osm +
      egress('a', '  hosts: [httpbin.org]\n  ports: [{number: 80, protocol: http}]\n') +
      egress('b', '  hosts:\n  - httpbin.org # <-\n  ports: [{number: 80, protocol: http}]\n'),
    clean:
      osm + egress('a', '  hosts: [httpbin.org]\n  ports: [{number: 80, protocol: http}]\n') + egress('b', '  hosts: [example.com]\n  ports: [{number: 80, protocol: http}]\n'),
  },
  {
    code: 'OSM_SERVER_FIRST_UNDECLARED',
    mesh: 'osm',
    triggers: osm + egress('mysql', '  ipAddresses: [10.0.0.5/32]\n  ports:\n  - number: 3306 # <-\n    protocol: tcp\n'),
    clean: osm + egress('mysql', '  ipAddresses: [10.0.0.5/32]\n  ports: [{number: 3306, protocol: tcp-server-first}]\n'),
  },
  {code: 'OSM_PASSTHROUGH_WITH_POLICIES', mesh: 'osm', triggers: osm.replace('enableEgress: false', 'enableEgress: true # <-') + https, clean: osm + https},
  {code: 'OSM_EGRESS_POLICY_DISABLED', mesh: 'osm', triggers: osm.replace('enableEgressPolicy: true', 'enableEgressPolicy: false # <-') + https, clean: osm + https},
  {
    code: 'ISTIO_VS_GATEWAY_NOT_FOUND',
    mesh: 'istio',
    triggers:
      istio +
      httpbinSE +
      istioObject('VirtualService', 'httpbin', '  hosts: [httpbin.org]\n  gateways:\n  - egress-gw # <-\n  http: [{route: [{destination: {host: httpbin.org}}]}]\n'),
    clean: istio + httpbinSE + istioObject('VirtualService', 'httpbin', '  hosts: [httpbin.org]\n  gateways: [mesh]\n  http: [{route: [{destination: {host: httpbin.org}}]}]\n'),
  },
  {
    code: 'ISTIO_VS_SUBSET_NOT_FOUND',
    mesh: 'istio',
    triggers:
      istio +
      httpbinSE +
      istioObject('VirtualService', 'httpbin', '  hosts: [httpbin.org]\n  http:\n  - route:\n    - destination:\n        host: httpbin.org\n        subset: v1 # <-\n'),
    clean:
      istio +
      httpbinSE +
      istioObject('DestinationRule', 'httpbin', '  host: httpbin.org\n  subsets: [{name: v1}]\n') +
      istioObject('VirtualService', 'httpbin', '  hosts: [httpbin.org]\n  http: [{route: [{destination: {host: httpbin.org, subset: v1}}]}]\n'),
  },
  {
    code: 'ISTIO_VS_DESTINATION_NOT_FOUND',
    mesh: 'istio',
    triggers: istio + istioObject('VirtualService', 'httpbin', '  hosts: [httpbin.org]\n  http:\n  - route:\n    - destination:\n        host: httpbin.org # <-\n'),
    clean: istio + httpbinSE + istioObject('VirtualService', 'httpbin', '  hosts: [httpbin.org]\n  http: [{route: [{destination: {host: httpbin.org}}]}]\n'),
  },
  {
    code: 'ISTIO_SE_DNS_WILDCARD',
    mesh: 'istio',
    triggers: istio + istioObject('ServiceEntry', 'wild', '  hosts:\n  - "*.example.com" # <-\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: DNS\n'),
    clean: istio + istioObject('ServiceEntry', 'wild', '  hosts: ["*.example.com"]\n  ports: [{number: 443, name: https, protocol: HTTPS}]\n  resolution: NONE\n'),
  },
  {
    code: 'ISTIO_SE_ADDRESSES_REQUIRED',
    mesh: 'istio',
    triggers: istio + istioObject('ServiceEntry', 'db', '  hosts: [db.example.com]\n  ports:\n  - {number: 5432, name: pg, protocol: TCP} # <-\n  resolution: NONE\n'),
    clean:
      istio + istioObject('ServiceEntry', 'db', '  hosts: [db.example.com]\n  addresses: [10.0.0.5/32]\n  ports: [{number: 5432, name: pg, protocol: TCP}]\n  resolution: NONE\n'),
  },
  {code: 'ISTIO_BYPASSABLE', mesh: 'istio', triggers: meshBase('istio').replace('mesh: |-', 'mesh: |- # <-') + httpbinSE, clean: istio + httpbinSE},
  // ztunnel has no outboundTrafficPolicy (istio/ztunnel outbound.rs: an unknown address is passthrough)
  {code: 'AMBIENT_REGISTRY_ONLY_NOT_ENFORCED', mesh: 'istio', triggers: istio.replace('mesh: |-', 'mesh: |- # <-') + ambientClient, clean: istio + ambientIsolated},
  // istiod's waypoint binding (pilot/pkg/serviceregistry/ambient/waypoints.go): no such waypoint → WaypointIsNotReady
  {code: 'AMBIENT_WAYPOINT_NOT_BOUND', mesh: 'istio', triggers: istio + ambientIsolated + waypointSE(' # <-'), clean: istio + ambientIsolated + waypointSE('') + waypoint('apps')},
  // … a waypoint in another namespace whose HBONE listener admits only its own (allowedRoutes default Same) → AttachmentDenied
  {
    code: 'AMBIENT_WAYPOINT_NOT_BOUND',
    mesh: 'istio',
    triggers: istio + ambientIsolated + waypointSE(' # <-').replace('labels:\n', 'labels:\n    istio.io/use-waypoint-namespace: egress\n') + waypoint('egress'),
    clean:
      istio +
      ambientIsolated +
      waypointSE('').replace('labels:\n', 'labels:\n    istio.io/use-waypoint-namespace: egress\n') +
      waypoint('egress').replace('protocol: HBONE}', 'protocol: HBONE, allowedRoutes: {namespaces: {from: All}}}'),
  },
]

describe('explain findings: each code from a fixture that triggers it, none from one that does not', () => {
  test.each(rows)('$code', ({code, mesh, triggers, clean}) => {
    const found = explainText(triggers, mesh).findings
    expect(found.map((d) => `${d.code}:${d.source.line}`)).toEqual([`${code}:${lineWith(triggers, '# <-')}`])
    expect(found[0].hint).toBeTruthy()
    expect(explainText(clean, mesh).findings.map((d) => d.code)).toEqual([])
  })
})
