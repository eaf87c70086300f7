import {httpPorts} from './istio-parts.js'
import type {Manifest} from './osm.js'
import type {CreateSpec, PortSpec} from './spec.js'

export const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1'
/** TLSRoute is experimental-channel v1alpha2, as the egress-gateway task writes it. */
const TLS_ROUTE_VERSION = 'gateway.networking.k8s.io/v1alpha2'
export const SERVICE_ENTRY_PARENT = {group: 'networking.istio.io', kind: 'ServiceEntry'}

/** HTTPRoute's method enum (gateway-api apis/v1 httproute_types.go HTTPMethod). */
export const GATEWAY_API_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']

const tlsPorts = (spec: CreateSpec): PortSpec[] => spec.ports.filter((p) => p.protocol === 'HTTPS' || p.protocol === 'TLS')

/**
 * The egress gateway in Gateway API form (istio.io egress-gateway task, Gateway API tab): a Gateway of class
 * istio, which istiod deploys as Deployment and Service `<gateway>-istio` in its namespace; a route whose
 * parent is the ServiceEntry sends the sidecar's traffic for its hosts to that Service; a route whose parent is
 * the Gateway sends it on to the host (backendRef kind Hostname). HTTP uses HTTPRoutes, HTTPS/TLS passthrough
 * TLSRoutes, as the task's HTTP and HTTPS sections do.
 */
export function gatewayApiManifests(spec: CreateSpec): Manifest[] {
  const gateway = `${spec.name}-egress-gateway`
  const service = `${gateway}-istio`
  const http = httpPorts(spec)[0]
  const tls = tlsPorts(spec)[0]
  const suffix = (i: number) => (spec.hosts.length > 1 ? `-${i}` : '')
  const listeners = spec.hosts.flatMap((hostname, i) => [
    ...(http ? [{name: `http${suffix(i)}`, hostname, port: http.number, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'Same'}}}] : []),
    ...(tls ? [{name: `tls${suffix(i)}`, hostname, port: tls.number, protocol: 'TLS', tls: {mode: 'Passthrough'}, allowedRoutes: {namespaces: {from: 'Same'}}}] : []),
  ])
  const metadata = (name: string) => ({name, namespace: spec.namespace})
  const seParent = {...SERVICE_ENTRY_PARENT, name: spec.name}
  const toGateway = (port: number) => [{name: service, port}]
  const toHost = (host: string, port: number) => [{group: 'networking.istio.io', kind: 'Hostname', name: host, port}]
  const out: Manifest[] = [
    // ClusterIP as the task's Gateway: an egress gateway needs no load balancer.
    {
      apiVersion: GATEWAY_API_VERSION,
      kind: 'Gateway',
      metadata: {...metadata(gateway), annotations: {'networking.istio.io/service-type': 'ClusterIP'}},
      spec: {gatewayClassName: 'istio', listeners},
    },
  ]
  if (http) {
    const timeouts = spec.timeout ? {timeouts: {request: spec.timeout}} : {}
    const matches = httpRouteMatches(spec)
    out.push({
      apiVersion: GATEWAY_API_VERSION,
      kind: 'HTTPRoute',
      metadata: metadata(`${spec.name}-to-egress-gateway`),
      spec: {parentRefs: [seParent], rules: [{...(matches ? {matches} : {}), backendRefs: toGateway(http.number), ...timeouts}]},
    })
    out.push(
      ...spec.hosts.map((host, i) => ({
        apiVersion: GATEWAY_API_VERSION,
        kind: 'HTTPRoute',
        metadata: metadata(`${spec.name}-from-egress-gateway${suffix(i)}`),
        spec: {parentRefs: [{name: gateway, sectionName: `http${suffix(i)}`}], hostnames: [host], rules: [{backendRefs: toHost(host, http.number)}]},
      })),
    )
  }
  if (tls) {
    out.push({
      apiVersion: TLS_ROUTE_VERSION,
      kind: 'TLSRoute',
      metadata: metadata(`${spec.name}-tls-to-egress-gateway`),
      spec: {parentRefs: [seParent], rules: [{backendRefs: toGateway(tls.number)}]},
    })
    out.push(
      ...spec.hosts.map((host, i) => ({
        apiVersion: TLS_ROUTE_VERSION,
        kind: 'TLSRoute',
        metadata: metadata(`${spec.name}-tls-from-egress-gateway${suffix(i)}`),
        spec: {parentRefs: [{name: gateway, sectionName: `tls${suffix(i)}`}], hostnames: [host], rules: [{backendRefs: toHost(host, tls.number)}]},
      })),
    )
  }
  return out
}

/**
 * HTTPRoute matches: one per path and method (a match has one method; matches are ORed, a match's conditions
 * ANDed), each with every header; paths and headers as RegularExpression, which Istio turns into RE2 regex
 * matches (conversion.go createURIMatch/createHeadersMatch). Undefined when nothing narrows the route.
 */
function httpRouteMatches(spec: CreateSpec): Manifest[] | undefined {
  if (spec.paths.length === 0 && spec.methods.length === 0 && spec.headers.length === 0) return undefined
  const paths: Manifest[] = spec.paths.length > 0 ? spec.paths.map((value) => ({path: {type: 'RegularExpression', value}})) : [{}]
  const methods: Manifest[] = spec.methods.length > 0 ? spec.methods.map((method) => ({method})) : [{}]
  const headers = spec.headers.length > 0 ? {headers: spec.headers.map(([name, value]) => ({type: 'RegularExpression', name, value}))} : {}
  return paths.flatMap((p) => methods.map((m) => ({...p, ...m, ...headers})))
}
