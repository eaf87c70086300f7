import type {VirtualServiceSpec} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {Listener, Origin, Route, RouteConfig, VirtualHost} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {hostMatches, resolveShortName} from './hosts.js'
import {ALLOW_ANY, BLOCK_ALL, PASSTHROUGH_CLUSTER, clusterName, virtualHostName} from './names.js'
import {protocolFamily} from './protocol.js'
import type {MeshService} from './services.js'
import {servicesCovering, virtualServicesFor, type Scope} from './sidecar-scope.js'
import {defaultRoute, httpRoutes, type RouteContext} from './vs-routes.js'

const isHttpOrSniffed = (p: MeshService['ports'][number]) => ['http', 'auto'].includes(protocolFamily(p.protocol))

/** One route config per HTTP connection manager of the sidecar's listeners (istio pilot/pkg/networking/core/httproute.go). */
export function sidecarRouteConfigs(scope: Scope, listeners: Listener[], portsOf: (host: string) => number[]): Record<string, RouteConfig> {
  const out: Record<string, RouteConfig> = {}
  for (const l of listeners) {
    for (const chain of l.filterChains) {
      if (chain.action.kind !== 'http' || out[chain.action.routeConfig]) continue
      const name = chain.action.routeConfig
      // "HOST:PORT" (a sniffed port bound to a VIP) holds that one service; "PORT" every HTTP service on the port.
      const services = scope.services.filter((s) =>
        s.ports.some((p) => p.number === l.port && isHttpOrSniffed(p)) && (name.includes(':') ? name === `${s.host}:${l.port}` : true),
      )
      const ctx: RouteContext = {port: l.port, gateways: ['mesh'], namespace: scope.namespace, labels: scope.labels, portsOf}
      const sniffedVip = name.includes(':')
      const vhosts = dedupeDomains([...serviceVirtualHosts(scope, services, ctx), ...(sniffedVip ? [] : unknownHostVirtualHosts(scope, ctx))])
      out[name] = {
        name,
        // The catch-all goes into every route config but those of sniffed ports bound to a VIP (istio.md §2.2).
        virtualHosts: sniffedVip ? vhosts : [...vhosts, catchAllVirtualHost(scope)],
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

/** A vhost per service: the routes of the VirtualService that owns the host on this port, else the default route. */
function serviceVirtualHosts(scope: Scope, services: MeshService[], ctx: RouteContext): VirtualHost[] {
  return services.map((svc) => {
    const domains = [svc.host, ...svc.shortNames(scope.namespace), ...svc.addresses.filter((a) => !a.includes('/'))]
    for (const vs of virtualServicesFor(scope, svc.host)) {
      const routes = httpRoutes(vs, ctx)
      if (routes.length > 0) return {name: virtualHostName(svc.host, ctx.port), domains, routes, origin: hostOrigin(vs, svc.host)}
    }
    const route = defaultRoute(clusterName(ctx.port, '', svc.host), svc.ports.find((p) => p.number === ctx.port)?.origin ?? svc.origin)
    return {name: virtualHostName(svc.host, ctx.port), domains, routes: [route], origin: svc.origin}
  })
}

function hostOrigin(vs: Resource<VirtualServiceSpec>, host: string): Origin {
  const i = (vs.spec.hosts ?? []).findIndex((h) => hostMatches(resolveShortName(h, vs.metadata.namespace), host))
  return originAt(vs, 'spec', 'hosts', Math.max(i, 0))
}

/**
 * VirtualService hosts that are no service: they get vhosts on the HTTP ports of the services the
 * VirtualService does cover, or on port 80 alone when it covers none — istio route/route.go
 * BuildSidecarVirtualHostWrapper, "gross HACK" serviceByPort[80].
 */
function unknownHostVirtualHosts(scope: Scope, ctx: RouteContext): VirtualHost[] {
  const out: VirtualHost[] = []
  for (const vs of scope.virtualServices) {
    const hosts = (vs.spec.hosts ?? []).map((h) => resolveShortName(h, vs.metadata.namespace))
    const coveredBy = hosts.map((h) => servicesCovering(scope, h))
    const covered = [...new Set(coveredBy.flat())]
    const unknown = hosts.filter((_, i) => coveredBy[i].length === 0)
    const ports = new Set(covered.flatMap((s) => s.ports.filter(isHttpOrSniffed).map((p) => p.number)))
    if (unknown.length === 0 || !(ports.size === 0 ? ctx.port === 80 : ports.has(ctx.port))) continue
    const routes = httpRoutes(vs, ctx)
    if (routes.length === 0) continue
    for (const h of unknown) out.push({name: virtualHostName(h, ctx.port), domains: [h], routes, origin: hostOrigin(vs, h)})
  }
  return out
}

/** A domain already claimed by an earlier vhost is dropped from later ones (istio httproute.go dedupeDomains). */
function dedupeDomains(vhosts: VirtualHost[]): VirtualHost[] {
  const seen = new Set<string>()
  return vhosts
    .map((vh) => {
      const domains = vh.domains.filter((d) => !seen.has(d))
      domains.forEach((d) => seen.add(d))
      return {...vh, domains}
    })
    .filter((vh) => vh.domains.length > 0)
}

/**
 * istio httproute.go buildCatchAllVirtualHost: ALLOW_ANY forwards to PassthroughCluster with no timeout
 * and no retries; REGISTRY_ONLY answers 502 itself.
 */
function catchAllVirtualHost(scope: Scope): VirtualHost {
  const origin = scope.outbound.origin
  const match = {path: {kind: 'prefix' as const, value: '/'}, headers: []}
  const route: Route =
    scope.outbound.mode === 'ALLOW_ANY'
      ? {name: ALLOW_ANY, match, action: {kind: 'cluster', clusters: [{name: PASSTHROUGH_CLUSTER, weight: 100}]}, timeoutSeconds: 0, origin}
      : {name: BLOCK_ALL, match, action: {kind: 'direct_response', status: 502}, origin}
  return {name: route.name, domains: ['*'], routes: [route], origin}
}
