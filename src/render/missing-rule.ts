import type {Trace} from '../../sim/trace/types.js'

/**
 * A deny in the user's terms: the policy that would have allowed the request and is not there
 * ("no Egress matches curl/curl on port 443"), rather than the proxy default that took the request.
 * Null when the deny is not about a missing rule (a timeout, a fault, a refused connection…).
 */
export function missingRule(trace: Trace): string | null {
  if (trace.outcome.verdict !== 'deny') return null
  const r = trace.request
  const code = trace.outcome.because.code
  const steps = trace.hops.flatMap((h) => h.steps)
  const to = `${r.ip ?? r.host}:${r.port}`
  if (code === 'FIREWALL_DROPS') return `no NetworkPolicy egress rule lets ${trace.client} reach ${to}`
  if (trace.mesh === 'istio') {
    // REGISTRY_ONLY sends what no Service or ServiceEntry registers to BlackHoleCluster (TCP, TLS) or to the
    // catch-all virtual host "block_all" answering 502 (HTTP) — istio pilot/pkg/networking/core, outbound listeners and routes.
    const blocked = steps.some((s) => s.chose?.name === 'BlackHoleCluster' || s.chose?.name === 'block_all')
    if (blocked) return `no ServiceEntry or Service registers ${r.host}:${r.port} for ${trace.client} (outboundTrafficPolicy REGISTRY_ONLY)`
    if (code === 'NO_ROUTE' && r.http) return `no VirtualService route for ${r.host} matches ${r.http.method} ${pathOnly(r.http.path)}`
    return null
  }
  const egress = trace.mesh === 'osm-edge' ? 'Egress (osm-edge)' : 'Egress'
  if (code === 'NO_CHAIN' || code === 'NO_FILTER_CHAIN') return `no ${egress} matches ${trace.client} on port ${r.port}${r.sni ? ` for SNI ${r.sni}` : r.ip ? ` to ${r.ip}` : ''}`
  if (code === 'NO_VIRTUAL_HOST' && r.http) return `no ${egress} for ${trace.client} names host ${r.http.authority || r.host} on port ${r.port}`
  if (code === 'NO_ROUTE' && r.http)
    return `no HTTPRouteGroup match of the ${egress} policies for ${trace.client} allows ${r.http.method} ${pathOnly(r.http.path)} on ${r.host}:${r.port}`
  return null
}

function pathOnly(path: string): string {
  const q = path.indexOf('?')
  return q < 0 ? path : path.slice(0, q)
}
