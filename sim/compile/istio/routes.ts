import type {VirtualServiceSpec} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {Listener, Origin, Route, RouteConfig, VirtualHost} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {catchAllVirtualHost} from './catch-all.js'
import {hostMatches, resolveShortName} from './hosts.js'
import {clusterName, virtualHostName} from './names.js'
import {protocolFamily} from './protocol.js'
import type {MeshPort, MeshService} from './services.js'
import {egressListenerForRds, type Scope} from './sidecar-scope.js'
import {virtualHostDomains} from './vhost-domains.js'
import {defaultRoute, httpRoutes, type RouteContext} from './vs-routes.js'

const isHttpOrSniffed = (p: MeshPort) => ['http', 'auto'].includes(protocolFamily(p.protocol))

/**
 * One route config per HTTP connection manager of the sidecar's listeners (istio
 * pilot/pkg/networking/core/httproute.go buildSidecarOutboundHTTPRouteConfig): "PORT" holds every HTTP
 * service of the port and ends with the outbound-policy catch-all; "HOST:PORT", the route config of a
 * sniffed port on its own address, holds only that service's virtual host, answering any Host ("*").
 */
export function sidecarRouteConfigs(scope: Scope, listeners: Listener[], portsOf: (host: string) => number[]): Record<string, RouteConfig> {
  const out: Record<string, RouteConfig> = {}
  const byPort = new Map<number, VirtualHost[]>()
  for (const l of listeners) {
    for (const chain of l.filterChains) {
      if (chain.action.kind !== 'http' || out[chain.action.routeConfig]) continue
      const name = chain.action.routeConfig
      const port = Number(name.slice(name.lastIndexOf(':') + 1))
      if (!Number.isInteger(port) || port <= 0) continue
      // The route config of a port is built from one egress listener's imports (GetEgressListenerForRDS).
      const own = egressListenerForRds(scope, port)
      if (!own) continue
      if (!byPort.has(port)) byPort.set(port, portVirtualHosts(own, port, portsOf))
      const vhosts = byPort.get(port)!
      const sniffed = name.includes(':')
      out[name] = {
        name,
        virtualHosts: sniffed ? sniffedServiceVirtualHosts(vhosts, name) : [...vhosts, catchAllVirtualHost(scope.outbound)],
        hostMatch: 'envoy',
        // istio ≥1.16 httproute.go SidecarIgnorePort: the port in Host is not compared.
        ignorePortInHostMatching: true,
        noRouteStatus: 404,
        origin: chain.origin,
      }
    }
  }
  return out
}

/**
 * istio httproute.go getVirtualHostsForSniffedServicePort: the virtual host of the one service whose
 * domains name HOST; it alone answers, for any Host.
 */
function sniffedServiceVirtualHosts(vhosts: VirtualHost[], routeName: string): VirtualHost[] {
  const host = routeName.slice(0, routeName.lastIndexOf(':'))
  const mine = vhosts.filter((vh) => vh.domains.some((d) => d === routeName || d === host))
  return mine.length === 1 ? [{...mine[0], domains: ['*']}] : mine
}

interface Wrapper {
  services: MeshService[]
  /** VirtualService hosts that are no service of this port: each gets a virtual host of its own. */
  vsHosts: string[]
  routes: Route[]
  origin: (host: string) => Origin
}

/**
 * The virtual hosts of one port (istio httproute.go BuildSidecarOutboundVirtualHosts with
 * route/route.go BuildSidecarVirtualHostWrapper): first those of the VirtualServices (oldest first) that
 * cover a service of the port, or any on port 80 ("gross HACK"); then a default one per remaining service.
 * A virtual host name or domain already taken is dropped (dedupeDomains).
 */
function portVirtualHosts(scope: Scope, port: number, portsOf: (host: string) => number[]): VirtualHost[] {
  const registry = new Map<string, MeshService>()
  for (const svc of scope.services) if (svc.ports.some((p) => p.number === port)) registry.set(svc.host.toLowerCase(), svc)
  const ctx: RouteContext = {
    port,
    gateways: ['mesh'],
    namespace: scope.namespace,
    labels: scope.labels,
    portsOf,
    externalNameOf: (host) => {
      const svc = registry.get(host)
      return svc?.resolution === 'ALIAS' ? svc.aliasFor : undefined
    },
  }
  // Off port 80, only VirtualServices that name a service of the port apply (httproute.go selectVirtualServices).
  const vss = port === 80 ? scope.virtualServices : scope.virtualServices.filter((vs) => namesAService(vs, registry))
  const wildcardOwner = mostSpecificVirtualService(scope)
  const wrappers: Wrapper[] = []
  for (const vs of vss) {
    const routes = httpRoutes(vs, ctx)
    if (routes.length === 0) continue
    const {hosts, services} = separateHosts(vs, registry, wildcardOwner)
    const http = services.filter((s) => s.ports.some((p) => p.number === port && isHttpOrSniffed(p)))
    if (http.length > 0 || port === 80) wrappers.push({services: http, vsHosts: hosts, routes, origin: (h) => hostOrigin(vs, h)})
  }
  const claimed = new Set(wrappers.flatMap((w) => w.services.map((s) => s.host.toLowerCase())))
  for (const [host, svc] of registry) {
    const p = svc.ports.find((q) => q.number === port)!
    // Aliases only add domains to the service they stand for (route.go BuildSidecarVirtualHostWrapper).
    if (claimed.has(host) || svc.resolution === 'ALIAS' || !isHttpOrSniffed(p)) continue
    wrappers.push({services: [svc], vsHosts: [], routes: [defaultRoute(clusterName(port, '', svc.host), p.origin)], origin: () => svc.origin})
  }
  return buildVirtualHosts(scope, port, wrappers)
}

function buildVirtualHosts(scope: Scope, port: number, wrappers: Wrapper[]): VirtualHost[] {
  const names = new Set<string>()
  const taken = new Set<string>()
  const knownFqdns = new Set(wrappers.flatMap((w) => w.services.flatMap((s) => [virtualHostName(s.host, port), s.host])))
  const out: VirtualHost[] = []
  const add = (host: string, domains: string[], altHosts: string[], w: Wrapper, origin: Origin) => {
    const name = virtualHostName(host, port)
    if (names.has(name)) return
    names.add(name)
    // A domain claimed by an earlier virtual host is dropped, as is an alternative short form that is
    // itself another service's full name (httproute.go dedupeDomains).
    const kept = domains.filter((d) => !taken.has(d.toLowerCase()) && !(altHosts.includes(d) && knownFqdns.has(d)))
    kept.forEach((d) => taken.add(d.toLowerCase()))
    if (kept.length > 0) out.push({name, domains: kept, routes: w.routes, origin})
  }
  for (const w of wrappers) {
    for (const h of w.vsHosts) add(h.toLowerCase(), [h.includes(':') ? `[${h}]` : h.toLowerCase()], [], w, w.origin(h))
    for (const svc of w.services) {
      const {domains, altHosts} = virtualHostDomains(
        {
          host: svc.host,
          addresses: [scope.addressOf(svc), ...svc.extraAddresses],
          headless: svc.registry === 'Kubernetes' && svc.resolution === 'NONE',
          aliases: scope.aliasesOf(svc.host).map((a) => a.host),
        },
        scope.namespace,
        scope.version,
      )
      add(svc.host, domains, altHosts, w, w.origin(svc.host))
    }
  }
  return out
}

const hostsOf = (vs: Resource<VirtualServiceSpec>) => (vs.spec.hosts ?? []).map((h) => resolveShortName(h, vs.metadata.namespace))

/** Whether a VirtualService names a service of the port, in either direction of wildcard matching. */
function namesAService(vs: Resource<VirtualServiceSpec>, registry: Map<string, MeshService>): boolean {
  return hostsOf(vs).some((h) => {
    const host = h.toLowerCase()
    if (registry.has(host)) return true
    for (const svcHost of registry.keys()) if (hostMatches(host, svcHost) || hostMatches(svcHost, host)) return true
    return false
  })
}

/**
 * For each service host, the VirtualService that routes it: the oldest naming it exactly, else the oldest
 * with the most specific matching wildcard (istio pilot/pkg/model/sidecar.go
 * computeWildcardHostVirtualServiceIndex, config/host MostSpecificHostMatch).
 */
function mostSpecificVirtualService(scope: Scope): Map<string, Resource<VirtualServiceSpec>> {
  const exact = new Map<string, Resource<VirtualServiceSpec>>()
  const wildcard = new Map<string, Resource<VirtualServiceSpec>>()
  for (const vs of scope.virtualServices) {
    for (const h of hostsOf(vs)) {
      const index = h.startsWith('*') ? wildcard : exact
      if (!index.has(h)) index.set(h, vs)
    }
  }
  const out = new Map<string, Resource<VirtualServiceSpec>>()
  for (const svc of scope.services) {
    const own = exact.get(svc.host)
    if (own) {
      out.set(svc.host, own)
      continue
    }
    let best: string | null = null
    for (const w of wildcard.keys()) if (hostMatches(w, svc.host) && (best === null || w.length > best.length)) best = w
    if (best !== null) out.set(svc.host, wildcard.get(best)!)
  }
  return out
}

/**
 * Splits a VirtualService's hosts into the services of the port it routes and the hosts that are no such
 * service (istio route/route.go separateVSHostsAndServices): a wildcard host takes the services it is the
 * most specific VirtualService for, and is a host of its own only when it matches no service at all.
 */
function separateHosts(
  vs: Resource<VirtualServiceSpec>,
  registry: Map<string, MeshService>,
  owner: Map<string, Resource<VirtualServiceSpec>>,
): {hosts: string[]; services: MeshService[]} {
  const hosts: string[] = []
  const services: MeshService[] = []
  for (const h of hostsOf(vs)) {
    const host = h.toLowerCase()
    if (host.startsWith('*')) continue
    const svc = registry.get(host)
    if (svc) services.push(svc)
    else hosts.push(h)
  }
  for (const h of hostsOf(vs)
    .map((x) => x.toLowerCase())
    .filter((x) => x.startsWith('*'))) {
    let matched = false
    for (const [svcHost, svc] of registry) {
      if (!hostMatches(h, svcHost)) continue
      matched = true
      if (owner.get(svc.host) === vs && !services.includes(svc)) services.push(svc)
    }
    if (!matched) hosts.push(h)
  }
  return {hosts, services}
}

function hostOrigin(vs: Resource<VirtualServiceSpec>, host: string): Origin {
  const i = hostsOf(vs).findIndex((h) => h.toLowerCase() === host.toLowerCase() || hostMatches(h, host))
  return originAt(vs, 'spec', 'hosts', Math.max(i, 0))
}
