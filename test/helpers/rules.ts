/** Tiny builders for rule tables, so matcher tests read as tables rather than literals. */
import type {Capture, Cluster, FilterChain, FilterChainMatch, Listener, MeshTable, Origin, Proxy, Route, RouteConfig, VirtualHost, Workload} from '../../sim/rules/types.js'

export const origin = (says = 'test'): Origin => ({from: 'default', says})

export function chain(name: string, match: FilterChainMatch, action: FilterChain['action'] = {kind: 'tcp_proxy', cluster: name}): FilterChain {
  return {name, match, action, origin: origin(name)}
}

export function vhost(name: string, domains: string[], routes: Route[] = [route('default', {})]): VirtualHost {
  return {name, domains, routes, origin: origin(name)}
}

export function route(name: string, match: Partial<Route['match']>, cluster = 'c', extra: Partial<Route> = {}): Route {
  return {name, match: {headers: [], ...match}, action: {kind: 'cluster', clusters: [{name: cluster, weight: 100}]}, origin: origin(name), ...extra}
}

export function routeConfig(name: string, virtualHosts: VirtualHost[], extra: Partial<RouteConfig> = {}): RouteConfig {
  return {name, virtualHosts, hostMatch: 'envoy', ignorePortInHostMatching: false, noRouteStatus: 404, origin: origin(name), ...extra}
}

export function listener(name: string, port: number, filterChains: FilterChain[], extra: Partial<Listener> = {}): Listener {
  return {
    name,
    address: '0.0.0.0',
    port,
    handOffToOriginalDst: false,
    inspectors: {tls: true, http: true, disabledOnPorts: [], timeoutSeconds: 15},
    filterChains,
    defaultChain: null,
    origin: origin(name),
    ...extra,
  }
}

export function cluster(name: string, type: Cluster['type'], endpoints: Cluster['endpoints'] = [], extra: Partial<Cluster> = {}): Cluster {
  return {name, type, endpoints, origin: origin(name), ...extra}
}

export const capture = (extra: Partial<Capture> = {}): Capture => ({
  redirectPort: 15001,
  excludePorts: [],
  excludeCidrs: [],
  includePorts: [],
  includeCidrs: '*',
  origin: origin('capture'),
  ...extra,
})

export function table(proxy: Omit<Proxy, 'id' | 'kind' | 'flavor'> & Partial<Proxy>, client: Partial<Workload> = {}, gateways: Proxy[] = []): MeshTable {
  const sidecar: Proxy = {id: 'ns/sa', kind: 'sidecar', flavor: 'envoy', ...proxy}
  return {
    mesh: 'osm',
    client: {
      id: 'ns/sa',
      namespace: 'ns',
      serviceAccount: 'sa',
      labels: {},
      proxy: 'ns/sa',
      capture: capture(),
      firewall: {isolatedBy: [], rules: []},
      origin: origin('pod'),
      ...client,
    },
    proxies: Object.fromEntries([sidecar, ...gateways].map((p) => [p.id, p])),
    workloads: {},
    assumptions: [],
    rejections: [],
  }
}
