import type {RouteConfig, VirtualHost} from '../rules/types.js'

/**
 * Picks the virtual host for a Host header. Envoy: lower-cased, exact domain first, then the longest
 * "*suffix" wildcard, then the longest "prefix*" wildcard, then "*" (api config.route.v3.VirtualHost
 * domains). The port stays part of the host unless the route config ignores it (Istio ≥ 1.16;
 * OSM does not, which is why it adds "host:port" domains). Pipy: a case-sensitive exact map lookup.
 */
export function matchVirtualHost(rc: RouteConfig, authority: string): VirtualHost | null {
  if (rc.hostMatch === 'exact') return rc.virtualHosts.find((vh) => vh.domains.includes(authority)) ?? null
  let host = authority.toLowerCase()
  if (rc.ignorePortInHostMatching) host = stripPort(host)
  let best: {vh: VirtualHost; rank: number; len: number} | null = null
  for (const vh of rc.virtualHosts) {
    for (const d of vh.domains) {
      const domain = d.toLowerCase()
      const score = domainScore(domain, host)
      if (score === null) continue
      if (!best || score.rank < best.rank || (score.rank === best.rank && score.len > best.len)) best = {vh, ...score}
    }
  }
  return best?.vh ?? null
}

/** rank 0 exact, 1 suffix wildcard, 2 prefix wildcard, 3 "*"; len breaks ties (longer wins). */
function domainScore(domain: string, host: string): {rank: number; len: number} | null {
  if (domain === host) return {rank: 0, len: domain.length}
  if (domain === '*') return {rank: 3, len: 0}
  // Envoy requires a non-empty remainder for a wildcard match: "*.foo.com" does not match ".foo.com".
  if (domain.startsWith('*') && host.length > domain.length - 1 && host.endsWith(domain.slice(1))) return {rank: 1, len: domain.length}
  if (domain.endsWith('*') && host.length > domain.length - 1 && host.startsWith(domain.slice(0, -1))) return {rank: 2, len: domain.length}
  return null
}

export function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    return end >= 0 ? host.slice(0, end + 1) : host
  }
  const colon = host.lastIndexOf(':')
  return colon >= 0 && host.indexOf(':') === colon && /^\d+$/.test(host.slice(colon + 1)) ? host.slice(0, colon) : host
}
