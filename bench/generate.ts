/**
 * A synthetic OSM policy set: N Egress policies across many namespaces, mixed http (with an
 * HTTPRouteGroup each), https (SNI) and tcp (CIDR) ports, plus the namespaces and ServiceAccounts.
 */
export function generateOsmPolicies(n: number): string {
  const docs: string[] = [
    `apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata:
  name: osm-mesh-config
  namespace: osm-system
spec:
  traffic:
    enableEgress: false
  featureFlags:
    enableEgressPolicy: true`,
  ]
  const namespaces = Math.max(1, Math.floor(n / 50))
  for (let ns = 0; ns < namespaces; ns++) {
    docs.push(...monitoredTeam(ns))
  }
  for (let i = 0; i < n; i++) {
    const ns = `team-${i % namespaces}`
    const kind = i % 3
    const header = `kind: Egress
apiVersion: policy.openservicemesh.io/v1alpha1
metadata:
  name: egress-${i}
  namespace: ${ns}
spec:
  sources:
  - kind: ServiceAccount
    name: app
    namespace: ${ns}`
    if (kind === 0) {
      docs.push(`apiVersion: specs.smi-spec.io/v1alpha4
kind: HTTPRouteGroup
metadata:
  name: routes-${i}
  namespace: ${ns}
spec:
  matches:
  - name: read
    pathRegex: /api/v${i % 7}/.*
    methods: [GET, HEAD]
  - name: write
    pathRegex: /api/v${i % 7}/items
    methods: [POST]
    headers:
    - x-team: team-.*`)
      docs.push(`${header}
  hosts:
  - svc-${i}.example.com
  ports:
  - number: ${8000 + (i % 50)}
    protocol: http
  matches:
  - apiGroup: specs.smi-spec.io/v1alpha4
    kind: HTTPRouteGroup
    name: routes-${i}`)
    } else if (kind === 1) {
      docs.push(`${header}
  hosts:
  - api-${i}.example.org
  ports:
  - number: 443
    protocol: https`)
    } else {
      docs.push(`${header}
  ipAddresses:
  - 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32
  ports:
  - number: ${5000 + (i % 40)}
    protocol: tcp`)
    }
  }
  return docs.join('\n---\n') + '\n'
}

/** A synthetic Istio set: N ServiceEntries (HTTP, HTTPS, TCP with addresses), one VirtualService per HTTP host. */
export function generateIstioServiceEntries(n: number): string {
  const docs: string[] = [
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio
  namespace: istio-system
data:
  mesh: |-
    outboundTrafficPolicy:
      mode: REGISTRY_ONLY`,
    `apiVersion: v1
kind: Namespace
metadata:
  name: default
  labels:
    istio-injection: enabled`,
    `apiVersion: v1
kind: ServiceAccount
metadata:
  name: sleep
  namespace: default`,
  ]
  for (let i = 0; i < n; i++) {
    const kind = i % 3
    if (kind === 0) {
      docs.push(`apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: http-${i}
  namespace: default
spec:
  hosts:
  - svc-${i}.example.com
  ports:
  - number: 80
    name: http
    protocol: HTTP
  resolution: DNS`)
      docs.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: http-${i}
  namespace: default
spec:
  hosts:
  - svc-${i}.example.com
  http:
  - match:
    - uri:
        prefix: /api/v${i % 7}
    timeout: 3s
    route:
    - destination:
        host: svc-${i}.example.com
  - route:
    - destination:
        host: svc-${i}.example.com`)
    } else if (kind === 1) {
      docs.push(`apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: https-${i}
  namespace: default
spec:
  hosts:
  - api-${i}.example.org
  ports:
  - number: 443
    name: https
    protocol: HTTPS
  resolution: DNS`)
    } else {
      docs.push(`apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: tcp-${i}
  namespace: default
spec:
  hosts:
  - db-${i}.example.net
  addresses:
  - 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32
  ports:
  - number: ${5000 + (i % 40)}
    name: tcp
    protocol: TCP
  resolution: NONE`)
    }
  }
  return docs.join('\n---\n') + '\n'
}

/**
 * OSM at cluster scale for validation: `identities` ServiceAccounts, each in its own monitored namespace with
 * one Egress, and `services` in-mesh Services (permissive mode: each one an upstream of every sidecar).
 */
export function generateOsmIdentitiesAndServices(identities: number, services: number): string {
  const docs: string[] = [
    `apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata:
  name: osm-mesh-config
  namespace: osm-system
spec:
  traffic:
    enableEgress: false
    enablePermissiveTrafficPolicyMode: true
  featureFlags:
    enableEgressPolicy: true`,
  ]
  for (let i = 0; i < identities; i++) {
    docs.push(...monitoredTeam(i))
    docs.push(`apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata:
  name: egress-${i}
  namespace: team-${i}
spec:
  sources:
  - kind: ServiceAccount
    name: app
    namespace: team-${i}
  hosts:
  - api-${i}.example.org
  ports:
  - number: 443
    protocol: https`)
  }
  docs.push(...servicesAcrossTeams(identities, services))
  return docs.join('\n---\n') + '\n'
}

/**
 * The Istio counterpart of generateOsmIdentitiesAndServices: `identities` workloads, each in its own
 * injected namespace with a Sidecar and one ServiceEntry, and `services` Services across those namespaces.
 */
export function generateIstioIdentitiesAndServices(identities: number, services: number): string {
  const docs: string[] = []
  for (let i = 0; i < identities; i++) {
    docs.push(`apiVersion: v1
kind: Namespace
metadata:
  name: team-${i}
  labels:
    istio-injection: enabled`)
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: team-${i}
spec:
  selector:
    matchLabels: {app: app}
  template:
    metadata:
      labels: {app: app}
    spec:
      serviceAccountName: app
      containers:
      - name: app
        image: curlimages/curl`)
    docs.push(`apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: team-${i}
spec:
  outboundTrafficPolicy:
    mode: REGISTRY_ONLY
  egress:
  - hosts:
    - ./*`)
    docs.push(`apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: api-${i}
  namespace: team-${i}
spec:
  hosts:
  - api-${i}.example.org
  ports:
  - number: 443
    name: https
    protocol: HTTPS
  resolution: DNS`)
  }
  docs.push(...servicesAcrossTeams(identities, services))
  return docs.join('\n---\n') + '\n'
}

/** `services` ClusterIP Services with one HTTP port, spread over the namespaces team-0 … team-(identities-1). */
function servicesAcrossTeams(identities: number, services: number): string[] {
  return Array.from(
    {length: services},
    (_, i) => `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: team-${i % Math.max(1, identities)}
spec:
  clusterIP: 10.96.${(i >> 8) & 255}.${i & 255}
  ports:
  - name: http-web
    port: 8080`,
  )
}

/** Namespace team-N monitored by OSM, with its ServiceAccount app. */
function monitoredTeam(n: number): string[] {
  return [
    `apiVersion: v1
kind: Namespace
metadata:
  name: team-${n}
  labels:
    openservicemesh.io/monitored-by: osm`,
    `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: team-${n}`,
  ]
}

/** The client pod, given as --with would give it: without it OSM's compiler assumes no sidecar. */
export function generateOsmClient(namespace: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata:
      labels: {app: app}
      annotations: {openservicemesh.io/sidecar-injection: enabled}
    spec:
      serviceAccountName: app
      containers: [{name: app, image: app}]
`
}
