import {HTTP_ROUTE_GROUP_API_VERSION, UPSTREAM_TRAFFIC_SETTING_API_VERSION, isEgressProtocol} from '../../../sim/compile/osm/api.js'
import {parseCidr} from '../../../sim/net/cidr.js'
import {idnToAscii} from '../../../sim/request/host.js'
import {decodableRouteGroup} from '../../../sim/compile/osm/http-routes.js'
import {find} from '../../../sim/compile/select.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {EgressSpec} from '../../model/osm.js'
import type {Resource} from '../../model/resource.js'
import type {ModelSet} from '../../model/set.js'
import {diagnosticAt} from '../diagnostic-at.js'

type Mesh = 'osm' | 'osm-edge'

/**
 * What OSM accepts in one (schema-valid) Egress but silently ignores, or turns into something else, as
 * OSM's Envoy sidecar or osm-edge's Pipy sidecar (osm.md §8) makes of it.
 */
export function egressWarnings(set: ModelSet, egress: Resource<EgressSpec>, mesh: Mesh, meshMtls: boolean): Diagnostic[] {
  // The CRD requires sources and ports only inside a spec, and the spec itself is optional.
  const spec = egress.spec ?? {sources: [], ports: []}
  const warn = (at: Array<string | number>, code: string, message: string, hint?: string) => diagnosticAt(egress, ['spec', ...at], code, 'warning', message, hint)
  const out: Diagnostic[] = []
  // Envoy answers 404 when no virtual host or route matches; Pipy's outbound-http-default.js 403.
  const noRoute = mesh === 'osm' ? 404 : 403
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
      out.push(
        warn(
          ['ports', i, 'protocol'],
          'OSM_PROTOCOL_CASE',
          `protocol "${p.protocol}" yields routes and clusters but no filter chain: OSM's listener builder only knows "${lower}"`,
          `write "${lower}"`,
        ),
      )
    }
    if (lower === 'http' && hosts.length === 0) {
      out.push(warn(['ports', i], 'OSM_HTTP_NO_HOSTS', `http port ${p.number} without hosts: every HTTP request on port ${p.number} gets ${noRoute}`))
    }
  })
  const httpPorts = spec.ports.filter((p) => p.protocol.toLowerCase() === 'http').length
  const addressPorts = protocols.filter((p) => p === 'tcp' || p === 'https' || p === 'tcp-server-first').length
  if (httpPorts > 0) {
    hosts.forEach((h, j) => {
      if (!h.includes('*')) return
      out.push(
        mesh === 'osm'
          ? warn(['hosts', j], 'OSM_HOST_WILDCARD_HTTP', `"${h}" matches Host headers but its cluster resolves the literal name by DNS: 503 no healthy upstream`)
          : // outbound-http-routing.js: HttpHostPort2Service[headers.host], a plain map lookup.
            warn(['hosts', j], 'OSM_HOST_WILDCARD_HTTP', `"${h}" is looked up as written: Pipy has no wildcard hosts, so no request's Host matches it (403)`),
      )
    })
  }
  hosts.forEach((h, j) => {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/:]*)/i.exec(h)
    if (scheme) {
      out.push(
        warn(
          ['hosts', j],
          'OSM_HOST_WITH_SCHEME',
          `host "${h}" has a scheme (${scheme[1]}://): hosts are bare names, so it matches no Host header or SNI; write "${scheme[2]}" (the port's protocol says ${scheme[1]})`,
        ),
      )
      return
    }
    if (h.includes(':')) out.push(warn(['hosts', j], 'OSM_HOST_WITH_PORT', `host "${h}" contains a port: it matches no Host header or SNI as intended`))
    const ascii = idnToAscii(h, h)
    if (ascii.ok && ascii.value !== h) {
      // Neither the CRD nor the webhook checks hosts; clients send the A-label as Host and SNI.
      out.push(
        warn(
          ['hosts', j],
          'OSM_HOST_NOT_ASCII',
          `"${h}" is compared as written, but curl and other clients send the IDN host as ${ascii.value} (Host header and SNI): no request matches it`,
          `write ${ascii.value}`,
        ),
      )
    } else if (!ascii.ok) {
      out.push(warn(['hosts', j], 'OSM_HOST_NOT_ASCII', `"${h}" is not a host name a client can send (no IDNA form): no request matches it`))
    }
  })
  if (hosts.length > 0 && httpPorts === 0 && protocols.every((p) => p === 'tcp' || p === 'tcp-server-first')) {
    out.push(warn(['hosts'], 'OSM_HOSTS_IGNORED_ON_TCP', 'hosts are ignored for tcp ports: the policy allows any destination on these ports'))
  }
  const badCidrs = ips.map((ip, j) => [ip, j] as const).filter(([ip]) => !parseCidr(ip))
  if (mesh === 'osm') {
    if (ips.length > 0 && httpPorts > 0) {
      out.push(warn(['ipAddresses'], 'OSM_IPS_IGNORED_ON_HTTP', 'ipAddresses have no effect on http ports: OSM never puts them into the Envoy config'))
    }
    for (const [ip, j] of badCidrs) {
      out.push(warn(['ipAddresses', j], 'OSM_BAD_CIDR', `"${ip}" passes the CRD pattern but is not a CIDR: OSM skips it (E2002)`))
    }
    if (badCidrs.length > 0 && badCidrs.length === ips.length && addressPorts > 0) {
      out.push(warn(['ipAddresses'], 'OSM_CIDRS_FAIL_OPEN', 'no ipAddresses entry is a valid CIDR: the tcp/https chains match any destination IP'))
    }
  } else {
    out.push(...pipyRangeWarnings(spec, badCidrs, warn, meshMtls))
  }
  out.push(...matchWarnings(set, egress, noRoute))
  return out
}

type Warn = (at: Array<string | number>, code: string, message: string, hint?: string) => Diagnostic

/**
 * osm-edge: outbound-main.js takes a destination found through its address ranges as in-mesh, and
 * connect-upstream.js then dials it with the sidecar's mesh certificate; only tcp ports fall back to the
 * original destination as egress (outbound-tcp-load-balancing.js). So ipAddresses on an http or https port
 * admit nothing: inside the ranges the origin cannot complete the mesh handshake, outside them the port has
 * no destination. A range Pipy's Netmask cannot parse makes every connection to its tcp/https port fail;
 * http ports drop it first (buildHTTPRouteConfigs, E2002).
 */
function pipyRangeWarnings(spec: EgressSpec, badCidrs: ReadonlyArray<readonly [string, number]>, warn: Warn, meshMtls: boolean): Diagnostic[] {
  const out: Diagnostic[] = []
  const lower = spec.ports.map((p) => p.protocol.toLowerCase())
  const webPorts = spec.ports.filter((_, i) => lower[i] === 'http' || lower[i] === 'https')
  if ((spec.ipAddresses ?? []).length > badCidrs.length && webPorts.length > 0 && meshMtls) {
    const ports = webPorts.map((p) => `${p.number}/${p.protocol.toLowerCase()}`).join(', ')
    out.push(
      warn(
        ['ipAddresses'],
        'OSM_EDGE_IPS_NEVER_WORK',
        `ipAddresses on ${ports} can never work in osm-edge: inside these ranges Pipy dials the destination with the mesh's mTLS certificate, which a server outside the mesh cannot accept, and outside them the port has no destination`,
        'leave ipAddresses out of http/https policies (use a separate tcp policy for address ranges)',
      ),
    )
  }
  const tlsOrTcp = lower.some((p) => p === 'https' || p === 'tcp' || p === 'tcp-server-first')
  for (const [ip, j] of badCidrs) {
    out.push(
      tlsOrTcp
        ? warn(
            ['ipAddresses', j],
            'OSM_BAD_CIDR',
            `"${ip}" passes the CRD pattern but is not a CIDR: osm-edge hands it to Pipy, whose Netmask refuses it, and every connection to this policy's tcp/https ports is closed`,
          )
        : warn(['ipAddresses', j], 'OSM_BAD_CIDR', `"${ip}" passes the CRD pattern but is not a CIDR: osm-edge skips it (E2002)`),
    )
  }
  return out
}

/** Referenced objects are looked up in the Egress's namespace (pkg/catalog/egress.go). */
function matchWarnings(set: ModelSet, egress: Resource<EgressSpec>, noRoute: number): Diagnostic[] {
  const ns = egress.metadata.namespace
  return (egress.spec?.matches ?? []).flatMap((m, k) => {
    if (m.apiGroup === HTTP_ROUTE_GROUP_API_VERSION && m.kind === 'HTTPRouteGroup' && !decodableRouteGroup(set, ns, m.name)) {
      const message = `HTTPRouteGroup ${ns}/${m.name} not found (or not decodable): the policy's hosts get a virtual host with no route, every request ${noRoute} (E2004)`
      return [diagnosticAt(egress, ['spec', 'matches', k, 'name'], 'OSM_HTTPROUTEGROUP_MISSING', 'warning', message)]
    }
    if (m.apiGroup === UPSTREAM_TRAFFIC_SETTING_API_VERSION && m.kind === 'UpstreamTrafficSetting' && !find(set, 'UpstreamTrafficSetting', ns, m.name)) {
      const message = `UpstreamTrafficSetting ${ns}/${m.name} not found: OSM ignores the whole Egress policy`
      return [diagnosticAt(egress, ['spec', 'matches', k, 'name'], 'OSM_UTS_MISSING', 'warning', message)]
    }
    return []
  })
}
