import {HTTP_ROUTE_GROUP_API_VERSION, UPSTREAM_TRAFFIC_SETTING_API_VERSION, isEgressProtocol} from '../../../sim/compile/osm/api.js'
import {parseCidr} from '../../../sim/net/cidr.js'
import {decodableRouteGroup} from '../../../sim/compile/osm/http-routes.js'
import {find} from '../../../sim/compile/select.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {EgressSpec} from '../../model/osm.js'
import type {Resource} from '../../model/resource.js'
import type {ModelSet} from '../../model/set.js'
import {diagnosticAt} from '../diagnostic-at.js'

type Mesh = 'osm' | 'osm-edge'

/** What OSM accepts in one (schema-valid) Egress but silently ignores, or turns into something else. */
export function egressWarnings(set: ModelSet, egress: Resource<EgressSpec>, mesh: Mesh): Diagnostic[] {
  // The CRD requires sources and ports only inside a spec, and the spec itself is optional.
  const spec = egress.spec ?? {sources: [], ports: []}
  const warn = (at: Array<string | number>, code: string, message: string, hint?: string) =>
    diagnosticAt(egress, ['spec', ...at], code, 'warning', message, hint)
  const out: Diagnostic[] = []
  const protocols = spec.ports.map((p) => (mesh === 'osm' ? p.protocol : p.protocol.toLowerCase()))
  const hosts = spec.hosts ?? []
  const ips = spec.ipAddresses ?? []

  if (spec.sources.length === 0) out.push(warn(['sources'], 'OSM_NO_SOURCES', 'no sources: the policy applies to nobody'))
  spec.ports.forEach((p, i) => {
    const lower = p.protocol.toLowerCase()
    if (!isEgressProtocol(lower)) {
      out.push(warn(['ports', i, 'protocol'], 'OSM_PROTOCOL_UNKNOWN', `protocol "${p.protocol}" is ignored: only http, https, tcp and tcp-server-first do anything`))
    } else if (mesh === 'osm' && lower !== p.protocol) {
      // pkg/envoy/lds/egress.go switches on the protocol as written, the catalog on its lower case.
      out.push(warn(['ports', i, 'protocol'], 'OSM_PROTOCOL_CASE', `protocol "${p.protocol}" yields routes and clusters but no filter chain: OSM's listener builder only knows "${lower}"`, `write "${lower}"`))
    }
    if (lower === 'http' && hosts.length === 0) {
      out.push(warn(['ports', i], 'OSM_HTTP_NO_HOSTS', `http port ${p.number} without hosts: every HTTP request on port ${p.number} gets 404`))
    }
  })
  const httpPorts = spec.ports.filter((p) => p.protocol.toLowerCase() === 'http').length
  const addressPorts = protocols.filter((p) => p === 'tcp' || p === 'https' || p === 'tcp-server-first').length
  if (httpPorts > 0) {
    hosts.forEach((h, j) => {
      if (h.includes('*')) out.push(warn(['hosts', j], 'OSM_HOST_WILDCARD_HTTP', `"${h}" matches Host headers but its cluster resolves the literal name by DNS: 503 no healthy upstream`))
    })
  }
  hosts.forEach((h, j) => {
    if (h.includes(':')) out.push(warn(['hosts', j], 'OSM_HOST_WITH_PORT', `host "${h}" contains a port: it matches no Host header or SNI as intended`))
  })
  if (hosts.length > 0 && httpPorts === 0 && protocols.every((p) => p === 'tcp' || p === 'tcp-server-first')) {
    out.push(warn(['hosts'], 'OSM_HOSTS_IGNORED_ON_TCP', 'hosts are ignored for tcp ports: the policy allows any destination on these ports'))
  }
  if (ips.length > 0 && httpPorts > 0 && mesh === 'osm') {
    out.push(warn(['ipAddresses'], 'OSM_IPS_IGNORED_ON_HTTP', 'ipAddresses have no effect on http ports: OSM never puts them into the Envoy config'))
  }
  const badCidrs = ips.map((ip, j) => [ip, j] as const).filter(([ip]) => !parseCidr(ip))
  for (const [ip, j] of badCidrs) {
    out.push(warn(['ipAddresses', j], 'OSM_BAD_CIDR', `"${ip}" passes the CRD pattern but is not a CIDR: OSM skips it (E2002)`))
  }
  if (badCidrs.length > 0 && badCidrs.length === ips.length && addressPorts > 0) {
    out.push(warn(['ipAddresses'], 'OSM_CIDRS_FAIL_OPEN', 'no ipAddresses entry is a valid CIDR: the tcp/https chains match any destination IP'))
  }
  out.push(...matchWarnings(set, egress))
  return out
}

/** Referenced objects are looked up in the Egress's namespace (pkg/catalog/egress.go). */
function matchWarnings(set: ModelSet, egress: Resource<EgressSpec>): Diagnostic[] {
  const ns = egress.metadata.namespace
  return (egress.spec?.matches ?? []).flatMap((m, k) => {
    if (m.apiGroup === HTTP_ROUTE_GROUP_API_VERSION && m.kind === 'HTTPRouteGroup' && !decodableRouteGroup(set, ns, m.name)) {
      const message = `HTTPRouteGroup ${ns}/${m.name} not found (or not decodable): the policy's hosts get a virtual host with no route, every request 404 (E2004)`
      return [diagnosticAt(egress, ['spec', 'matches', k, 'name'], 'OSM_HTTPROUTEGROUP_MISSING', 'warning', message)]
    }
    if (m.apiGroup === UPSTREAM_TRAFFIC_SETTING_API_VERSION && m.kind === 'UpstreamTrafficSetting' && !find(set, 'UpstreamTrafficSetting', ns, m.name)) {
      const message = `UpstreamTrafficSetting ${ns}/${m.name} not found: OSM ignores the whole Egress policy`
      return [diagnosticAt(egress, ['spec', 'matches', k, 'name'], 'OSM_UTS_MISSING', 'warning', message)]
    }
    return []
  })
}
