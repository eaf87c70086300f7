import type {GatewayApiGatewaySpec} from '../../../../src/model/gateway-api.js'
import type {ServiceEntrySpec, VirtualServiceSpec} from '../../../../src/model/istio.js'
import type {Resource} from '../../../../src/model/resource.js'
import type {ModelSet} from '../../../../src/model/set.js'
import type {Cluster, FilterChain, MeshTable, NameRecord, Origin, Proxy, RouteConfig, Unapplied, Workload} from '../../../rules/types.js'
import {defaultOrigin, originAt} from '../../locate.js'
import {find, ofKind, selects} from '../../select.js'
import type {PodFacts} from '../../workload.js'
import {clusterName, serviceFqdn} from '../names.js'
import {destinationRuleLookup} from '../destination-rule.js'
import {serviceClusters} from '../clusters.js'
import {hostMatches, resolveShortName} from '../hosts.js'
import {meshSettings} from '../meshconfig.js'
import {knownPods} from '../pods.js'
import {protocolFamily} from '../protocol.js'
import {allocateAddresses, allocatorV2} from '../address-allocation.js'
import {meshServices, UNSPECIFIED_IP, type MeshService} from '../services.js'
import {exportedTo} from '../sidecar-scope.js'
import type {IstioVersion} from '../version.js'
import {defaultRoute, httpRoutes} from '../vs-routes.js'
import {GATEWAY_API_GROUP, WAYPOINT_CLASS, istioClassOf} from '../gateway-api/gateways.js'
import {waypointPolicies} from './authorization.js'

const DATAPLANE_MODE = 'istio.io/dataplane-mode'
const USE_WAYPOINT = 'istio.io/use-waypoint'
const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace'
const HBONE_PORT = 15008
export const ZTUNNEL_ID = 'istio-system/ztunnel'

/**
 * Whether the pods of a client run in ambient mode: the pod or its namespace is labelled
 * istio.io/dataplane-mode=ambient and the pod does not opt out with "none"; a pod with a sidecar is left to it
 * (istio cni/pkg/util podutil PodRedirectionEnabled).
 */
export function ambientReason(pod: PodFacts, injected: boolean): Origin | null {
  if (injected || pod.labels[DATAPLANE_MODE] === 'none') return null
  if (pod.labels[DATAPLANE_MODE] === 'ambient' && pod.workload) return originAt(pod.workload, 'metadata', 'labels', DATAPLANE_MODE)
  const ns = pod.namespaceObject
  if (ns?.metadata.labels[DATAPLANE_MODE] === 'ambient') return originAt(ns, 'metadata', 'labels', DATAPLANE_MODE)
  return null
}

/** Why a service has no waypoint although it asks for one (istio pilot/pkg/serviceregistry/ambient/status.go). */
export interface WaypointBinding {
  service: Resource<ServiceEntrySpec>
  /** "NS/NAME" the label names. */
  wanted: string
  label: Origin
  waypoint?: Resource<GatewayApiGatewaySpec>
  refused?: {reason: 'WaypointIsNotReady' | 'AttachmentDenied' | 'UnsupportedTrafficType'; message: string}
}

/**
 * The waypoint a ServiceEntry is bound to (istio pilot/pkg/serviceregistry/ambient/waypoints.go
 * fetchWaypointForTarget/fetchWaypointForService): its own istio.io/use-waypoint label, else its namespace's;
 * "none" opts out; the waypoint's HBONE listener must admit the ServiceEntry's namespace (allowedRoutes,
 * default Same) and serve service traffic (istio.io/waypoint-for, default "service").
 */
export function waypointBinding(set: ModelSet, se: Resource<ServiceEntrySpec>): WaypointBinding | null {
  const own = se.metadata.labels[USE_WAYPOINT]
  const ns = find(set, 'Namespace', '', se.metadata.namespace)
  const holder: Resource | undefined = own !== undefined ? se : ns && ns.metadata.labels[USE_WAYPOINT] !== undefined ? ns : undefined
  if (!holder) return null
  const name = holder.metadata.labels[USE_WAYPOINT]
  if (name === 'none') return null
  const namespace = holder.metadata.labels[USE_WAYPOINT_NAMESPACE] ?? se.metadata.namespace
  const wanted = `${namespace}/${name}`
  const label = originAt(holder, 'metadata', 'labels', USE_WAYPOINT)
  const gw = find<GatewayApiGatewaySpec>(set, 'Gateway', namespace, name)
  if (!gw || gw.apiVersion.split('/')[0] !== GATEWAY_API_GROUP || istioClassOf(set, gw) !== WAYPOINT_CLASS) {
    return {service: se, wanted, label, refused: {reason: 'WaypointIsNotReady', message: `waypoint "${wanted}" is not ready`}}
  }
  const hbone = (gw.spec.listeners ?? []).find((l) => l.protocol === 'HBONE' && l.port === HBONE_PORT)
  const from = hbone?.allowedRoutes?.namespaces?.from ?? 'Same'
  const seNs = find(set, 'Namespace', '', se.metadata.namespace)
  const admitted =
    from === 'All' ||
    (from === 'Same' && namespace === se.metadata.namespace) ||
    (from === 'Selector' && selects(hbone?.allowedRoutes?.namespaces?.selector, {...(seNs?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': se.metadata.namespace}))
  if (!admitted) {
    return {
      service: se,
      wanted,
      label,
      waypoint: gw,
      refused: {reason: 'AttachmentDenied', message: `we are not permitted to attach to waypoint "${wanted}" (missing allowedRoutes?)`},
    }
  }
  const trafficType = gw.metadata.labels['istio.io/waypoint-for'] ?? 'service'
  if (trafficType !== 'service' && trafficType !== 'all') {
    return {
      service: se,
      wanted,
      label,
      waypoint: gw,
      refused: {reason: 'UnsupportedTrafficType', message: `attempting to bind to traffic type "service" which the waypoint "${wanted}" does not support`},
    }
  }
  return {service: se, wanted, label, waypoint: gw}
}

/**
 * The address ztunnel's DNS proxy answers a ServiceEntry host with: its written IP, else the one istiod's
 * allocator gave it (address-allocation.ts).
 */
function addressOf(svc: MeshService): string | null {
  if (svc.address !== UNSPECIFIED_IP && !svc.address.includes('/')) return svc.address
  return svc.autoAllocated?.v4 ?? svc.autoAllocated?.v6 ?? null
}

interface Bound {
  svc: MeshService
  vip: string
  binding: WaypointBinding | null
}

function waypointProxy(set: ModelSet, gw: Resource<GatewayApiGatewaySpec>, bound: Bound[], opts: {version: IstioVersion}, rootNamespace: string): Proxy {
  const id = `${gw.metadata.namespace}/${gw.metadata.name}`
  const mesh = meshSettings(set, opts.version)
  const chains: FilterChain[] = []
  const routeConfigs: Record<string, RouteConfig> = {}
  const virtualServices = ofKind<VirtualServiceSpec>(set, 'VirtualService', 'networking.istio.io')
  const clusters: Record<string, Cluster> = serviceClusters(
    bound.map((b) => b.svc),
    {forGateway: true, connectTimeoutSeconds: mesh.connectTimeoutSeconds, pods: knownPods(set), destinationRules: destinationRuleLookup(set, mesh, gw.metadata.namespace, {})},
  )
  for (const {svc, vip} of bound) {
    const authorization = waypointPolicies(set, {
      kind: 'ServiceEntry',
      name: svc.resource.metadata.name,
      namespace: svc.namespace,
      waypoint: {name: gw.metadata.name, namespace: gw.metadata.namespace},
      rootNamespace,
    })
    for (const port of svc.ports) {
      const http = ['http', 'auto'].includes(protocolFamily(port.protocol))
      const name = `inbound-vip|${port.number}|${http ? 'http' : 'tcp'}|${svc.host}`
      const outbound = clusters[clusterName(port.number, '', svc.host)]
      if (outbound) clusters[name] = {...outbound, name}
      const match = {prefixRanges: [`${vip}/32`], destinationPort: port.number}
      if (!http) {
        chains.push({name, match, action: {kind: 'tcp_proxy', cluster: name}, ...(authorization.length ? {authorization} : {}), origin: port.origin})
        continue
      }
      // Routes of VirtualServices (and HTTPRoutes) for this host from its namespace or the waypoint's
      // (istio listener_waypoint.go getVirtualServiceForWaypoint); none ⇒ the default route to the service.
      const ctx = {
        port: port.number,
        gateways: ['mesh'],
        namespace: gw.metadata.namespace,
        labels: {},
        portsOf: (h: string) => (h === svc.host ? svc.ports.map((p) => p.number) : []),
      }
      const routes = virtualServices
        .filter(
          (vs) =>
            [svc.namespace, gw.metadata.namespace].includes(vs.metadata.namespace) &&
            (vs.spec.hosts ?? []).some((h) => hostMatches(resolveShortName(h, vs.metadata.namespace), svc.host)),
        )
        .flatMap((vs) => httpRoutes(vs, ctx))
      routeConfigs[name] = {
        name,
        virtualHosts: [{name: `inbound|http|${port.number}`, domains: ['*'], routes: routes.length ? routes : [defaultRoute(name, port.origin)], origin: port.origin}],
        hostMatch: 'envoy',
        ignorePortInHostMatching: true,
        noRouteStatus: 404,
        origin: port.origin,
      }
      chains.push({name, match, action: {kind: 'http', routeConfig: name}, ...(authorization.length ? {authorization} : {}), origin: port.origin})
    }
  }
  const origin = originAt(gw)
  return {
    id,
    kind: 'waypoint',
    flavor: 'envoy',
    listeners: [
      {
        name: 'connect_terminate',
        address: '0.0.0.0',
        port: HBONE_PORT,
        handOffToOriginalDst: false,
        inspectors: {tls: false, http: false, disabledOnPorts: [], timeoutSeconds: 0},
        filterChains: chains,
        defaultChain: null,
        origin,
      },
    ],
    routeConfigs,
    clusters,
    workload: id,
  }
}

/**
 * Ambient's data plane for a client without a sidecar (istio/ztunnel src/proxy/outbound.rs build_request):
 * ztunnel captures all its outbound TCP, finds the service by destination address, sends it over HBONE to the
 * service's waypoint when it has one, to the service's endpoints when not, and straight to the dialled address
 * when the address is no service. ztunnel has no outboundTrafficPolicy: REGISTRY_ONLY does not hold it.
 */
export function withAmbient(set: ModelSet, table: MeshTable, opts: {namespace: string; serviceAccount: string; version: IstioVersion}, pod: PodFacts, reason: Origin): MeshTable {
  const mesh = meshSettings(set, opts.version)
  const allocated = allocateAddresses(meshServices(set), allocatorV2(set, mesh.rootNamespace, opts.version))
  const services = allocated.services.filter((s) => s.resource.kind === 'ServiceEntry' && exportedTo(s.exportTo ?? mesh.exportTo.service, s.namespace, opts.namespace))
  const bound: Bound[] = []
  const names: Record<string, NameRecord> = {...table.names}
  services.forEach((svc) => {
    const vip = addressOf(svc)
    if (!vip) return
    names[svc.host.toLowerCase()] ??= {address: vip, by: 'ztunnel-dns-proxy', origin: svc.autoAllocated && svc.address === UNSPECIFIED_IP ? svc.autoAllocated.origin : svc.origin}
    bound.push({svc, vip, binding: waypointBinding(set, svc.resource as Resource<ServiceEntrySpec>)})
  })
  const proxies: Record<string, Proxy> = {...table.proxies}
  const workloads: Record<string, Workload> = {...table.workloads}
  delete proxies[table.client.id]
  const ztunnelClusters: Record<string, Cluster> = {
    ...serviceClusters(services, {forGateway: false, connectTimeoutSeconds: mesh.connectTimeoutSeconds, pods: knownPods(set), destinationRules: () => undefined}),
    PassthroughCluster: {
      name: 'PassthroughCluster',
      type: 'ORIGINAL_DST',
      endpoints: [],
      origin: defaultOrigin('ztunnel passthrough: the address the client dialled (ztunnel outbound.rs "built request as passthrough")'),
    },
  }
  const chains: FilterChain[] = []
  const waypoints = new Map<string, {gw: Resource<GatewayApiGatewaySpec>; bound: Bound[]}>()
  for (const b of bound) {
    const gw = b.binding && !b.binding.refused ? b.binding.waypoint : undefined
    for (const port of b.svc.ports) {
      const match = {prefixRanges: [`${b.vip}/32`], destinationPort: port.number}
      if (!gw) {
        const cluster = clusterName(port.number, '', b.svc.host)
        chains.push({name: `${b.vip}:${port.number}`, match, action: {kind: 'tcp_proxy', cluster}, origin: port.origin})
        continue
      }
      const wid = `${gw.metadata.namespace}/${gw.metadata.name}`
      const cluster = `waypoint|${wid}`
      ztunnelClusters[cluster] = {
        name: cluster,
        type: 'EDS',
        endpoints: [{host: serviceFqdn(gw.metadata.name, gw.metadata.namespace), port: HBONE_PORT, proxy: {id: wid, targetPort: HBONE_PORT, tunnel: true}}],
        origin: b.binding!.label,
      }
      chains.push({name: `${b.vip}:${port.number}`, match, action: {kind: 'tcp_proxy', cluster}, origin: b.binding!.label})
    }
    if (gw) {
      const key = `${gw.metadata.namespace}/${gw.metadata.name}`
      const entry = waypoints.get(key) ?? {gw, bound: []}
      entry.bound.push(b)
      waypoints.set(key, entry)
    }
  }
  for (const [wid, {gw, bound: served}] of waypoints) {
    proxies[wid] = waypointProxy(set, gw, served, opts, mesh.rootNamespace)
    workloads[wid] = {
      id: wid,
      namespace: gw.metadata.namespace,
      serviceAccount: gw.metadata.name,
      labels: {'gateway.networking.k8s.io/gateway-name': gw.metadata.name},
      proxy: wid,
      capture: null,
      firewall: {isolatedBy: [], rules: []},
      origin: originAt(gw),
    }
  }
  proxies[ZTUNNEL_ID] = {
    id: ZTUNNEL_ID,
    kind: 'ztunnel',
    flavor: 'envoy',
    listeners: [
      {
        name: 'ztunnel_outbound',
        address: '0.0.0.0',
        port: 15001,
        handOffToOriginalDst: false,
        inspectors: {tls: false, http: false, disabledOnPorts: [], timeoutSeconds: 0},
        filterChains: chains,
        defaultChain: {name: 'passthrough', match: {}, action: {kind: 'tcp_proxy', cluster: 'PassthroughCluster'}, origin: ztunnelPassthroughOrigin(mesh.outbound)},
        origin: reason,
      },
    ],
    routeConfigs: {},
    clusters: ztunnelClusters,
  }
  const client: Workload = {
    ...table.client,
    proxy: ZTUNNEL_ID,
    capture: {redirectPort: 15001, excludePorts: [], excludeCidrs: [], includePorts: [], includeCidrs: '*', origin: reason},
    labels: pod.labels,
  }
  const assumptions = [
    ...table.assumptions.filter((a) => a.code !== 'NAMESPACE_ASSUMED_IN_MESH'),
    ...allocated.assumptions,
    {
      code: 'AMBIENT_DNS_CAPTURE',
      says: "ambient: ztunnel's DNS proxy answers ServiceEntry hosts with their allocated addresses (Istio ≥1.25 defaults: DNS capture and PILOT_ENABLE_IP_AUTOALLOCATE on)",
    },
    {code: 'AMBIENT_PRINCIPAL', says: `ambient: the client's identity is cluster.local/ns/${opts.namespace}/sa/${opts.serviceAccount} (trust domain cluster.local)`},
  ]
  return {...table, client, proxies, workloads, names, assumptions, unapplied: [...(table.unapplied ?? []), ...unapplied(mesh.outbound, bound)]}
}

/**
 * What ambient leaves undone for this client: ztunnel has no outboundTrafficPolicy (istio/ztunnel has no
 * such setting; outbound.rs build_request passes unknown addresses through), and a use-waypoint label that
 * binds nothing sends the service's traffic straight from ztunnel, with the status istiod writes.
 */
function unapplied(outbound: {mode: string; origin: Origin}, bound: Bound[]): Unapplied[] {
  const found: Unapplied[] = []
  if (outbound.mode === 'REGISTRY_ONLY') {
    found.push({
      code: 'AMBIENT_REGISTRY_ONLY_NOT_ENFORCED',
      says: 'ztunnel has no outboundTrafficPolicy: REGISTRY_ONLY does not stop ambient pods reaching destinations outside the registry',
      origin: outbound.origin,
    })
  }
  for (const {binding} of bound) {
    if (!binding?.refused) continue
    const se = binding.service.metadata
    found.push({
      code: 'AMBIENT_WAYPOINT_NOT_BOUND',
      reason: binding.refused.reason,
      says: `ServiceEntry ${se.namespace}/${se.name} is bound to no waypoint (${binding.refused.reason}: ${binding.refused.message}); ztunnel sends its traffic straight to the service`,
      origin: binding.label,
      waypoint: binding.wanted,
    })
  }
  return found
}

function ztunnelPassthroughOrigin(outbound: {mode: string; origin: Origin}): Origin {
  const unheld = outbound.mode === 'REGISTRY_ONLY' ? "; ztunnel has no outboundTrafficPolicy, so the mesh's REGISTRY_ONLY does not hold it" : ''
  return defaultOrigin(`ztunnel forwards traffic to an address that is no service to where it was addressed (istio/ztunnel src/proxy/outbound.rs build_request)${unheld}`)
}
