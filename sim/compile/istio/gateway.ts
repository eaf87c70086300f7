import type {GatewayServer, GatewaySpec, VirtualServiceSpec} from '../../../src/model/istio.js'
import type {ServiceSpec} from '../../../src/model/k8s.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption, FilterChain, Listener, Origin, Proxy, RouteConfig, VirtualHost} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {ofKind, selects} from '../select.js'
import {serviceTargetPort} from '../service-port.js'
import {catchAllClusters, serviceClusters} from './clusters.js'
import {destinationRuleLookup} from './destination-rule.js'
import {hostIntersection, resolveShortName, splitNamespacedHost} from './hosts.js'
import type {MeshSettings} from './meshconfig.js'
import {gatewayBlackholeVirtualHostName, gatewayHttpRouteConfigName, gatewayHttpsRouteConfigName, listenerName, virtualHostName} from './names.js'
import type {KnownPod} from './pods.js'
import {parseProtocol, protocolFamily} from './protocol.js'
import {byCreation, type MeshService} from './services.js'
import {boundGateways, exportedTo} from './sidecar-scope.js'
import {httpRoutes, staticMatch, weightedClusters, type RouteContext} from './vs-routes.js'

/** One server of one Gateway, with the port the gateway pod actually binds. */
interface BoundServer {
  gateway: Resource<GatewaySpec>
  /** "NS/NAME", the name VirtualServices bind to. */
  gatewayName: string
  server: GatewayServer
  index: number
  port: number
  boundPort: number
  origin: Origin
}

interface GatewayContext {
  set: ModelSet
  mesh: MeshSettings
  pod: KnownPod
  virtualServices: Resource<VirtualServiceSpec>[]
  portsOf: (host: string) => number[]
}

/**
 * A Gateway server's port is a port of the gateway's Service; the pod listens on its targetPort
 * (istio pilot/pkg/networking/core/gateway.go, gateway_simulation_test.go "multiple target port": 80 ⇒ 0.0.0.0_8080).
 */
function targetPortOf(set: ModelSet, pod: KnownPod, port: number): number {
  for (const svc of ofKind<ServiceSpec>(set, 'Service', '')) {
    if (svc.metadata.namespace !== pod.namespace || !svc.spec.selector || !selects({matchLabels: svc.spec.selector}, pod.labels)) continue
    const p = (svc.spec.ports ?? []).find((sp) => sp.port === port)
    if (!p) continue
    const target = serviceTargetPort(p)
    return typeof target === 'number' ? target : pod.namedPorts[target] || port
  }
  return port
}

/**
 * The Gateways a gateway pod serves: those whose selector its labels hold, and those without a selector, which
 * apply to every gateway workload (istio pilot/pkg/model/push_context.go mergeGateways: `gw.GetSelector() == nil`;
 * an empty selector is a subset of any labels).
 */
function boundServers(ctx: GatewayContext): BoundServer[] {
  const gateways = byCreation(ofKind<GatewaySpec>(ctx.set, 'Gateway', 'networking.istio.io'), (r) => r).filter((g) => servesGateway(g, ctx.pod.labels))
  return gateways.flatMap((gateway) =>
    (gateway.spec.servers ?? []).map((server, index) => {
      const port = server.port?.number ?? 0
      return {
        gateway,
        gatewayName: `${gateway.metadata.namespace}/${gateway.metadata.name}`,
        server,
        index,
        port,
        boundPort: targetPortOf(ctx.set, ctx.pod, port),
        origin: originAt(gateway, 'spec', 'servers', index),
      }
    }),
  )
}

/** Whether a gateway pod with `labels` serves the Gateway (see boundServers). */
export function servesGateway(gateway: Resource<GatewaySpec>, labels: Record<string, string>): boolean {
  return selects({matchLabels: gateway.spec.selector ?? {}}, labels)
}

/** Terminated HTTPS is served by an HTTP connection manager; PASSTHROUGH and AUTO_PASSTHROUGH are not (istio gateway.IsHTTPServer). */
function isHttpServer(s: GatewayServer): boolean {
  const protocol = parseProtocol(s.port?.protocol)
  if (protocol === 'HTTPS') return s.tls?.mode !== 'PASSTHROUGH' && s.tls?.mode !== 'AUTO_PASSTHROUGH'
  return protocol !== null && protocolFamily(protocol) === 'http'
}

type TerminatingMode = NonNullable<FilterChain['downstreamTls']>['mode']

/** The TLS mode in which the server terminates the client's TLS; OPTIONAL_MUTUAL is simulated as MUTUAL. */
function terminates(s: GatewayServer): TerminatingMode | undefined {
  const mode = s.tls?.mode
  return mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'ISTIO_MUTUAL' ? mode : mode === 'OPTIONAL_MUTUAL' ? 'MUTUAL' : undefined
}

/** The hosts a VirtualService serves through one server: VS hosts intersected with the server's (namespace-scoped) hosts. */
function sharedHosts(vs: Resource<VirtualServiceSpec>, b: BoundServer): string[] {
  const out: string[] = []
  for (const written of b.server.hosts ?? []) {
    const [ns, serverHost] = splitNamespacedHost(written)
    const nsOk = ns === '*' || (ns === '.' ? vs.metadata.namespace === b.gateway.metadata.namespace : ns === vs.metadata.namespace)
    if (!nsOk) continue
    for (const h of vs.spec.hosts ?? []) {
      const shared = hostIntersection(serverHost, resolveShortName(h, vs.metadata.namespace))
      if (shared && !out.includes(shared)) out.push(shared)
    }
  }
  return out
}

function serverNames(b: BoundServer): string[] {
  const hosts = (b.server.hosts ?? []).map((h) => splitNamespacedHost(h)[1])
  return hosts.includes('*') ? [] : hosts
}

function routeContext(ctx: GatewayContext, b: BoundServer): RouteContext {
  return {port: b.port, gateways: [b.gatewayName], namespace: ctx.pod.namespace, labels: ctx.pod.labels, portsOf: ctx.portsOf}
}

function boundTo(ctx: GatewayContext, b: BoundServer): Resource<VirtualServiceSpec>[] {
  return ctx.virtualServices.filter((vs) => boundGateways(vs.spec.gateways, vs.metadata.namespace).includes(b.gatewayName))
}

/** Vhosts for the servers sharing one route config; none bound ⇒ the `blackhole` vhost with no routes (404). */
function gatewayRouteConfig(ctx: GatewayContext, name: string, servers: BoundServer[]): RouteConfig {
  const vhosts: VirtualHost[] = []
  for (const b of servers) {
    for (const vs of boundTo(ctx, b)) {
      const routes = httpRoutes(vs, routeContext(ctx, b))
      if (routes.length === 0) continue
      for (const host of sharedHosts(vs, b)) {
        const vhName = virtualHostName(host, b.port)
        const existing = vhosts.find((v) => v.name === vhName)
        // Gateways merge VirtualServices for one host, oldest first (istio gateway.go, unlike sidecars).
        if (existing) existing.routes.push(...routes)
        else vhosts.push({name: vhName, domains: [host], routes: [...routes], origin: originAt(vs, 'spec', 'hosts')})
      }
    }
  }
  if (vhosts.length === 0) {
    vhosts.push({name: gatewayBlackholeVirtualHostName(servers[0].port), domains: ['*'], routes: [], origin: servers[0].origin})
  }
  return {name, virtualHosts: vhosts, hostMatch: 'envoy', ignorePortInHostMatching: true, noRouteStatus: 404, origin: servers[0].origin}
}

/** PASSTHROUGH servers: one chain per VirtualService `tls` match (istio gateway.go createGatewayTCPFilterChainOpts). */
function passthroughChains(ctx: GatewayContext, b: BoundServer): FilterChain[] {
  const out: FilterChain[] = []
  for (const vs of boundTo(ctx, b)) {
    if (sharedHosts(vs, b).length === 0) continue
    ;(vs.spec.tls ?? []).forEach((rule, i) =>
      (rule.match ?? []).forEach((m, j) => {
        if (!staticMatch(m, vs, routeContext(ctx, b))) return
        const cluster = weightedClusters(rule.route, vs.metadata.namespace, routeContext(ctx, b))[0]?.name
        if (!cluster) return
        out.push({name: cluster, match: {serverNames: m.sniHosts ?? []}, action: {kind: 'tcp_proxy', cluster}, origin: originAt(vs, 'spec', 'tls', i, 'match', j)})
      }),
    )
  }
  return out
}

/** TCP servers and TLS servers that terminate: the first bound `tcp` route that matches statically. */
function tcpChain(ctx: GatewayContext, b: BoundServer, downstreamTls: FilterChain['downstreamTls']): FilterChain | null {
  for (const vs of boundTo(ctx, b)) {
    if (sharedHosts(vs, b).length === 0) continue
    for (const [i, rule] of (vs.spec.tcp ?? []).entries()) {
      const ok = rule.match?.length ? rule.match.some((m) => staticMatch(m, vs, routeContext(ctx, b))) : staticMatch({}, vs, routeContext(ctx, b))
      const cluster = ok ? weightedClusters(rule.route, vs.metadata.namespace, routeContext(ctx, b))[0]?.name : undefined
      if (!cluster) continue
      const names = downstreamTls ? serverNames(b) : []
      return {
        name: cluster,
        match: names.length ? {serverNames: names} : {},
        ...(downstreamTls ? {downstreamTls} : {}),
        action: {kind: 'tcp_proxy', cluster},
        origin: originAt(vs, 'spec', 'tcp', i),
      }
    }
  }
  return null
}

/** The egress (or any) gateway proxy for one gateway pod, from the Gateways that select it. */
export function gatewayProxy(set: ModelSet, mesh: MeshSettings, pod: KnownPod, services: MeshService[], pods: KnownPod[], assumptions: Assumption[]): Proxy {
  const visible = services.filter((s) => exportedTo(s.exportTo ?? mesh.exportTo.service, s.namespace, pod.namespace))
  const portsOf = (host: string) => visible.find((s) => s.host === host)?.ports.map((p) => p.number) ?? []
  const virtualServices = byCreation(ofKind<VirtualServiceSpec>(set, 'VirtualService', 'networking.istio.io'), (r) => r).filter((vs) =>
    exportedTo(vs.spec.exportTo ?? mesh.exportTo.virtualService, vs.metadata.namespace, pod.namespace),
  )
  const ctx: GatewayContext = {set, mesh, pod, virtualServices, portsOf}
  const byPort = new Map<number, BoundServer[]>()
  for (const b of boundServers(ctx)) byPort.set(b.boundPort, [...(byPort.get(b.boundPort) ?? []), b])

  const listeners: Listener[] = []
  const routeConfigs: Record<string, RouteConfig> = {}
  for (const [boundPort, servers] of [...byPort.entries()].sort(([a], [b]) => a - b)) {
    const chains: FilterChain[] = []
    const plaintext = servers.filter((b) => isHttpServer(b.server) && !terminates(b.server))
    if (plaintext.length > 0) {
      const rds = gatewayHttpRouteConfigName(boundPort)
      routeConfigs[rds] = gatewayRouteConfig(ctx, rds, plaintext)
      chains.push({name: rds, match: {}, action: {kind: 'http', routeConfig: rds}, origin: plaintext[0].origin})
    }
    for (const b of servers) {
      const mode = terminates(b.server)
      const downstreamTls = mode ? {mode, origin: originAt(b.gateway, 'spec', 'servers', b.index, 'tls', 'mode')} : undefined
      if (b.server.tls?.mode === 'AUTO_PASSTHROUGH') {
        assumptions.push({code: 'AUTO_PASSTHROUGH_NOT_SIMULATED', says: `${b.gatewayName} server ${b.index}: AUTO_PASSTHROUGH (east-west) is not simulated`})
        continue
      }
      if (isHttpServer(b.server) && downstreamTls) {
        const rds = gatewayHttpsRouteConfigName(b.port, b.server.port?.name ?? '', b.gateway.metadata.name, b.gateway.metadata.namespace)
        routeConfigs[rds] = gatewayRouteConfig(ctx, rds, [b])
        chains.push({name: rds, match: {serverNames: serverNames(b)}, downstreamTls, action: {kind: 'http', routeConfig: rds}, origin: b.origin})
      } else if (!isHttpServer(b.server)) {
        const passthrough = b.server.tls && !downstreamTls
        const found = passthrough ? passthroughChains(ctx, b) : [tcpChain(ctx, b, downstreamTls)].filter((c): c is FilterChain => c !== null)
        for (const c of found) if (!chains.some((x) => JSON.stringify(x.match) === JSON.stringify(c.match))) chains.push(c)
      }
    }
    listeners.push({
      name: listenerName('0.0.0.0', boundPort),
      address: '0.0.0.0',
      port: boundPort,
      handOffToOriginalDst: false,
      inspectors: {tls: chains.some((c) => Boolean(c.match.serverNames?.length)), http: false, disabledOnPorts: [], timeoutSeconds: 0},
      filterChains: chains,
      // Gateways have no outbound-traffic-policy fall-through (istio.md §2.2).
      defaultChain: null,
      origin: servers[0].origin,
    })
  }
  const clusters = {
    ...catchAllClusters(mesh.connectTimeoutSeconds),
    ...serviceClusters(visible, {
      forGateway: true,
      connectTimeoutSeconds: mesh.connectTimeoutSeconds,
      pods,
      destinationRules: destinationRuleLookup(set, mesh, pod.namespace, pod.labels),
    }),
  }
  return {id: pod.id, kind: 'gateway', flavor: 'envoy', listeners, routeConfigs, clusters, workload: pod.id}
}
