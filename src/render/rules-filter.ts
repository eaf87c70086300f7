import type {Cluster, FilterChain, Listener, MeshTable, Proxy, RouteConfig, VirtualHost} from '../../sim/rules/types.js'

/** `rules --port/--fqdn/--type`, as `istioctl proxy-config` narrows its tables. */
export interface RulesFilter {
  port?: number
  fqdn?: string
  /** http: chains handing connections to an HTTP connection manager; tcp: chains proxying TCP. */
  type?: 'http' | 'tcp'
}

/**
 * Keeps the filter chains that match every filter given, the route configurations and virtual hosts they
 * lead to (only those whose domains cover --fqdn), and the clusters those chains and routes send to.
 * A chain without server names matches --fqdn only through a kept virtual host or a cluster for that host.
 */
export function filterTable(table: MeshTable, filter: RulesFilter): MeshTable {
  if (filter.port === undefined && filter.fqdn === undefined && filter.type === undefined) return table
  const proxies: Record<string, Proxy> = {}
  for (const [id, proxy] of Object.entries(table.proxies)) proxies[id] = filterProxy(proxy, filter)
  return {...table, proxies}
}

function filterProxy(proxy: Proxy, filter: RulesFilter): Proxy {
  const routeConfigs: Record<string, RouteConfig> = {}
  const clusters = new Set<string>()
  const listeners: Listener[] = []
  for (const listener of proxy.listeners) {
    const keep = (chain: FilterChain | null): chain is FilterChain => {
      if (!chain || !chainMatches(listener, chain, filter)) return false
      if (chain.action.kind === 'tcp_proxy') {
        const cluster = proxy.clusters[chain.action.cluster]
        if (filter.fqdn !== undefined && !chain.match.serverNames?.some((n) => hostMatches(n, filter.fqdn!)) && !(cluster && clusterFor(cluster, filter.fqdn))) return false
        clusters.add(chain.action.cluster)
        return true
      }
      const rc = proxy.routeConfigs[chain.action.routeConfig]
      const hosts = rc ? rc.virtualHosts.filter((vh) => filter.fqdn === undefined || vh.domains.some((d) => hostMatches(d, filter.fqdn!))) : []
      if (filter.fqdn !== undefined && hosts.length === 0 && !chain.match.serverNames?.some((n) => hostMatches(n, filter.fqdn!))) return false
      if (rc) {
        routeConfigs[rc.name] = {...rc, virtualHosts: hosts}
        for (const c of routeClusters(hosts)) clusters.add(c)
      }
      return true
    }
    const filterChains = listener.filterChains.filter(keep)
    const defaultChain = keep(listener.defaultChain) ? listener.defaultChain : null
    if (filterChains.length > 0 || defaultChain) listeners.push({...listener, filterChains, defaultChain})
  }
  return {...proxy, listeners, routeConfigs, clusters: Object.fromEntries(Object.entries(proxy.clusters).filter(([name]) => clusters.has(name)))}
}

function chainMatches(listener: Listener, chain: FilterChain, filter: RulesFilter): boolean {
  if (filter.type !== undefined && (chain.action.kind === 'http') !== (filter.type === 'http')) return false
  if (filter.port !== undefined && (chain.match.destinationPort ?? listener.port) !== filter.port) return false
  return true
}

function routeClusters(hosts: readonly VirtualHost[]): string[] {
  return hosts.flatMap((vh) => vh.routes.flatMap((r) => (r.action.kind === 'cluster' ? r.action.clusters.map((c) => c.name) : [])))
}

function clusterFor(cluster: Cluster, fqdn: string): boolean {
  return cluster.name.includes(fqdn) || cluster.endpoints.some((e) => hostMatches(e.host, fqdn))
}

/** A domain or server name covers the host: exactly, with a port (`host:80`), or as a `*.` / `*` wildcard. */
function hostMatches(pattern: string, host: string): boolean {
  const bare = pattern.replace(/:\d+$/, '').replace(/:\*$/, '').toLowerCase()
  const h = host.toLowerCase()
  if (bare === '*' || bare === h) return true
  return bare.startsWith('*') && h.endsWith(bare.slice(1))
}
