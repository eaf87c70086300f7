import type {MeshTable, VirtualHost} from '../../sim/rules/types.js'
import {chainsAt} from './chains-at.js'

/**
 * Names whose requests the two tables cannot tell apart, so they need no representative: everything but
 * exact-domain virtual hosts is identical (origins aside), and the exact-domain virtual hosts that name the
 * host (if any) are identical too, with the clusters they route to. An exact domain beats every wildcard (Envoy
 * VirtualHost.domains), so such a name meets the same listener, chain, virtual host, routes and clusters in
 * both tables.
 */
export function unchangedHosts(a: MeshTable, b: MeshTable, hosts: readonly string[], port: number): Set<string> {
  if (context(a, port) !== context(b, port)) return new Set()
  const exactA = exactVirtualHosts(a)
  const exactB = exactVirtualHosts(b)
  return new Set(hosts.filter((h) => (exactA.get(h) ?? []).join('\n') === (exactB.get(h) ?? []).join('\n')))
}

const isExact = (vh: VirtualHost) => vh.domains.every((d) => !d.includes('*'))
const withoutOrigins = (value: unknown) => JSON.stringify(value, (k, v) => (k === 'origin' || k === 'origins' ? undefined : v))

/** Cluster names a list of virtual hosts routes to. */
const clustersOf = (vhs: readonly VirtualHost[]) =>
  new Set(vhs.flatMap((vh) => vh.routes.flatMap((r) => (r.action.kind === 'cluster' ? r.action.clusters.map((c) => c.name) : []))))

/**
 * What a connection to `port` can meet besides exact-domain virtual hosts, origins removed: the client's
 * capture and NetworkPolicy, the client sidecar's chains for that port with their route configs' other
 * virtual hosts, every gateway, and the clusters all of those use.
 */
function context(t: MeshTable, port: number): string {
  const proxies = Object.values(t.proxies).map((p) => {
    const reached = chainsAt(p, p.id === t.client.proxy ? port : undefined)
    const rcs = [...new Set(reached.flatMap((r) => (r.rc ? [r.rc] : [])))]
    const rest = rcs.flatMap((rc) => rc.virtualHosts.filter((vh) => !isExact(vh)))
    const used = new Set([...reached.flatMap(({chain}) => (chain.action.kind === 'tcp_proxy' ? [chain.action.cluster] : [])), ...clustersOf(rest)])
    return {
      id: p.id,
      listeners: p.listeners.map((l) => ({...l, filterChains: reached.filter((r) => r.listener === l).map((r) => r.chain), defaultChain: null})),
      routeConfigs: rcs.map((rc) => ({...rc, virtualHosts: rc.virtualHosts.filter((vh) => !isExact(vh))})),
      clusters: Object.values(p.clusters).filter((c) => used.has(c.name)),
    }
  })
  return withoutOrigins({mesh: t.mesh, client: t.client, workloads: t.workloads, proxies})
}

const exactCache = new WeakMap<MeshTable, Map<string, string[]>>()

/** Per host name (port stripped), the exact-domain virtual hosts naming it with the clusters they use, in table order. */
function exactVirtualHosts(t: MeshTable): Map<string, string[]> {
  const cached = exactCache.get(t)
  if (cached) return cached
  const out = new Map<string, string[]>()
  exactCache.set(t, out)
  for (const p of Object.values(t.proxies)) {
    for (const rc of Object.values(p.routeConfigs)) {
      for (const vh of rc.virtualHosts) {
        if (!isExact(vh)) continue
        const clusters = [...clustersOf([vh])].map((name) => p.clusters[name] ?? name)
        const fingerprint = `${p.id}|${rc.name}|${withoutOrigins({vh, clusters})}`
        for (const name of new Set(vh.domains.map((d) => d.toLowerCase().replace(/:\d+$/, '')))) {
          const list = out.get(name)
          if (list) list.push(fingerprint)
          else out.set(name, [fingerprint])
        }
      }
    }
  }
  return out
}
