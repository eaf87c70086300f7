import type {ServiceSpec} from '../../../src/model/k8s.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption, Cluster, FilterChain, Origin, RouteConfig} from '../../rules/types.js'
import {parseIp} from '../../net/cidr.js'
import {originAt} from '../locate.js'
import {derived, ofKind} from '../select.js'
import {serviceTargetPort} from '../service-port.js'
import {routesFor, wildcardMatch} from './http-routes.js'
import type {MeshSettings} from './meshconfig.js'
import {meshMembership} from './namespaces.js'
import {meshChainName, meshClusterName, meshRouteConfigName, meshVirtualHostName} from './names.js'
import type {SidecarStyle} from './route-configs.js'

/** pkg/service/types.go MeshService: one port of one Service in a monitored namespace. */
export interface MeshService {
  namespace: string
  name: string
  port: number
  /** What the cluster name carries (pkg/service/types.go EnvoyClusterName). */
  targetPort: number
  /** As pkg/k8s/client.go ServiceToMeshServices reads it: appProtocol as written, else the name's prefix, else http. */
  protocol: string
  /** getDNSResolvableServiceEndpoints: the ClusterIP, as a /32. */
  ranges: string[]
  origin: Origin
}

export interface MeshUpstreams {
  services: MeshService[]
  /** One chain per service port, in the catalog's order. */
  chains: FilterChain[]
  /** rds-outbound.<port> for the HTTP ports. */
  routeConfigs: RouteConfig[]
  clusters: Cluster[]
  /** Ports of tcp-server-first upstreams: the inspectors are disabled there too. */
  serverFirstPorts: number[]
}

/**
 * In-mesh upstreams of the client's outbound listener (pkg/catalog/outbound_traffic_policies.go
 * GetOutboundMeshTrafficPolicy, pkg/envoy/lds/inmesh.go getOutboundFilterChainPerUpstream): per Service
 * port a chain matching its ClusterIP as a /32, which beats any egress chain on the same port (osm.md §3).
 * HTTP and gRPC ports get a connection manager on rds-outbound.<port>, whose virtual hosts are the mesh
 * Services' host names only: a foreign Host header gets the proxy's no-route answer. Only permissive mode
 * is modelled: there every Service in a monitored namespace is an upstream.
 */
export function meshUpstreams(set: ModelSet, settings: MeshSettings, client: {namespace: string}, style: SidecarStyle, assumptions: Assumption[]): MeshUpstreams {
  const services = meshServices(set, settings, assumptions)
  return {
    services,
    chains: meshChains(services, style),
    routeConfigs: meshRoutePorts(services).map(([port, list]) => meshRouteConfig(port, list, client.namespace, style)),
    clusters: services.map((s) => ({
      name: meshClusterName(s.namespace, s.name, s.targetPort),
      type: 'EDS',
      endpoints: [{host: `${s.name}.${s.namespace}.svc.cluster.local`, port: s.port}],
      origin: s.origin,
    })),
    serverFirstPorts: services.filter((s) => s.protocol.toLowerCase() === 'tcp-server-first').map((s) => s.port),
  }
}

export function meshServices(set: ModelSet, settings: MeshSettings, assumptions: Assumption[]): MeshService[] {
  if (!settings.permissive.value) {
    if (ofKind(set, 'TrafficTarget').length > 0) {
      assumptions.push({code: 'SMI_NOT_MODELLED', says: 'SMI TrafficTargets are not simulated: the client is given no in-mesh upstreams'})
    }
    return []
  }
  const out: MeshService[] = []
  const unknownIp: string[] = []
  for (const candidate of serviceCandidates(set)) {
    if (!meshMembership(set, candidate.namespace, assumptions).monitored) continue
    if (candidate.ports) out.push(...candidate.ports)
    else unknownIp.push(`${candidate.namespace}/${candidate.name}`)
  }
  if (unknownIp.length > 0) {
    assumptions.push({
      code: 'MESH_SERVICE_IP_UNKNOWN',
      says: `no ClusterIP given for ${unknownIp.join(', ')} (or headless); their in-mesh chains are left out`,
    })
  }
  if (out.length > 0) {
    assumptions.push({
      code: 'MESH_UPSTREAM_ANSWERS',
      says: "a request routed to an in-mesh Service is taken as answered by it; the destination sidecar's inbound policy is not simulated",
    })
  }
  return out
}

/** A v1 Service that is not ExternalName, with its ports as mesh services (null: no IPv4 ClusterIP). */
interface ServiceCandidate {
  namespace: string
  name: string
  ports: MeshService[] | null
}

/**
 * The Services of the set read once, not once per client: every sidecar of a validation run or a diff
 * shares them (only the namespace's membership is asked per client, for its assumptions).
 */
function serviceCandidates(set: ModelSet): ServiceCandidate[] {
  return derived(set, 'osm:mesh-service-candidates', () => {
    const out: ServiceCandidate[] = []
    for (const service of ofKind<ServiceSpec>(set, 'Service')) {
      if (service.apiVersion !== 'v1' || service.spec?.type === 'ExternalName') continue
      const {namespace, name} = service.metadata
      const ip = service.spec?.clusterIP
      if (!ip || parseIp(ip)?.family !== 4) {
        out.push({namespace, name, ports: null})
        continue
      }
      const ports = (service.spec.ports ?? []).map((p, i) => ({
        namespace,
        name,
        port: p.port,
        // A named target port is resolved from the Endpoints (GetTargetPortFromEndpoints); the port stands in here.
        targetPort: typeof serviceTargetPort(p) === 'number' ? (serviceTargetPort(p) as number) : p.port,
        protocol: meshProtocol(p),
        ranges: [`${ip}/32`],
        origin: originAt(service, 'spec', 'ports', i),
      }))
      out.push({namespace, name, ports})
    }
    return out
  })
}

export function meshChains(services: readonly MeshService[], style: SidecarStyle): FilterChain[] {
  return services.flatMap((s) => meshChain(s, style) ?? [])
}

/** lds/inmesh.go: http and grpc get a connection manager, tcp and tcp-server-first a TCP proxy, anything else no chain. */
function meshChain(s: MeshService, style: SidecarStyle): FilterChain | undefined {
  const protocol = s.protocol.toLowerCase()
  const name = meshChainName(s.namespace, s.name, s.port, s.protocol)
  const match = {destinationPort: s.port, prefixRanges: s.ranges}
  if (protocol === 'http' || protocol === 'grpc') {
    return {name, match, action: {kind: 'http', routeConfig: meshRouteConfigName(s.port), acceptHttp10: style.acceptHttp10}, origin: s.origin}
  }
  if (protocol === 'tcp' || protocol === 'tcp-server-first') {
    return {name, match, action: {kind: 'tcp_proxy', cluster: meshClusterName(s.namespace, s.name, s.targetPort)}, origin: s.origin}
  }
  return undefined
}

/**
 * rds/route/route_config.go BuildOutboundMeshRouteConfiguration: one route configuration per port of the
 * HTTP Services, ports ascending. The catalog skips the route config only for the exact protocol strings
 * "tcp" and "tcp-server-first".
 */
export function meshRoutePorts(services: readonly MeshService[]): Array<[number, MeshService[]]> {
  const byPort = new Map<number, MeshService[]>()
  for (const s of services) {
    if (s.protocol === 'tcp' || s.protocol === 'tcp-server-first') continue
    const list = byPort.get(s.port)
    if (list) list.push(s)
    else byPort.set(s.port, [s])
  }
  return [...byPort].sort(([a], [b]) => a - b)
}

/**
 * rds-outbound.<port>: one virtual host per HTTP Service with the names k8s.GetHostnamesForService gives
 * it (the short forms only from the client's own namespace) and one wildcard route.
 */
export function meshRouteConfig(port: number, list: readonly MeshService[], clientNamespace: string, style: SidecarStyle): RouteConfig {
  return {
    name: meshRouteConfigName(port),
    virtualHosts: list.map((s) => {
      const cluster = meshClusterName(s.namespace, s.name, s.targetPort)
      return {
        name: meshVirtualHostName(s.namespace, s.name),
        domains: hostnamesForService(s, clientNamespace === s.namespace),
        routes: routesFor(wildcardMatch(s.origin), cluster, style.dialect),
        origin: s.origin,
      }
    }),
    hostMatch: style.hostMatch,
    ignorePortInHostMatching: false,
    noRouteStatus: style.noRouteStatus,
    origin: list[0].origin,
  }
}

/**
 * pkg/k8s/util.go GetHostnamesForService (osm-edge builds the same set from the trust domain cluster.local).
 * The local list is the other one with the short names in front (envoy-conflicts.ts relies on that).
 */
export function hostnamesForService(s: MeshService, localNamespace: boolean): string[] {
  const bases = [
    ...(localNamespace ? [s.name] : []),
    `${s.name}.${s.namespace}`,
    `${s.name}.${s.namespace}.svc`,
    `${s.name}.${s.namespace}.svc.cluster`,
    `${s.name}.${s.namespace}.svc.cluster.local`,
  ]
  return bases.flatMap((b) => [b, `${b}:${s.port}`])
}

/**
 * pkg/k8s/client.go ServiceToMeshServices: appProtocol as written, else the first of
 * constants.SupportedProtocolsInMesh that prefixes the port name with "-", else http.
 */
function meshProtocol(port: NonNullable<ServiceSpec['ports']>[number]): string {
  if (port.appProtocol) return port.appProtocol
  const prefix = ['tcp-server-first', 'http', 'tcp', 'grpc'].find((p) => port.name?.startsWith(`${p}-`))
  return prefix ?? 'http'
}
