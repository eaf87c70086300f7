import type {Reason} from '../../sim/trace/types.js'

const RESOLVER: Record<string, string> = {
  'kube-dns': 'kube-dns',
  'istio-dns-proxy': "the sidecar's DNS proxy",
  'ztunnel-dns-proxy': "ztunnel's DNS proxy, the address istiod gave the ServiceEntry",
}

/** Words for each reason code the simulator records. Unknown codes fall back to the code and its data. */
const WORDS: Record<string, (r: Reason) => string> = {
  NOT_MODELLED: (r) => `not simulated: ${r.says}`,
  NOT_VISIBLE: (r) => String(r.says),
  RESOLVED: (r) => `${r.host} resolves to ${r.address} (${RESOLVER[String(r.by)] ?? r.by})`,
  NO_SIDECAR: () => 'the pod has no sidecar: the connection leaves the pod directly',
  AUTHZ_ALLOWED: (r) => `AuthorizationPolicy ${r.policy} allows the request`,
  AUTHZ_DENY_MATCHED: (r) => `AuthorizationPolicy ${r.policy} (DENY) matches: RBAC: access denied`,
  AUTHZ_NO_ALLOW_MATCHED: (r) => `no rule of the ALLOW policies (${r.policy} …) matches: RBAC: access denied`,
  AUTHZ_NOT_MODELLED: (r) => `AuthorizationPolicy ${r.policy} decides on ${list(r.fields)}, which is not simulated`,
  REDIRECTED: (r) => `iptables redirects the connection to the proxy on port ${r.port} (${r.setting})`,
  BYPASSED: (r) => `iptables does not redirect it (${r.setting}): the sidecar never sees it`,
  FIREWALL_ALLOWS: (r) => `NetworkPolicy allows the connection to ${r.target}`,
  FIREWALL_DROPS: (r) => `NetworkPolicy drops the connection to ${r.target}: no egress rule of ${list(r.policies)} allows it`,
  NO_LISTENER: (r) => `nothing listens on port ${r.port}: the connection is refused`,
  LISTENER_ACCEPTS: (r) => `accepted on port ${r.port}`,
  HANDED_OFF: (r) => `handed to the listener for ${r.address}:${r.port}`,
  NO_PORT_LISTENER: (r) => `no listener for port ${r.port}: stays on the catch-all listener`,
  INSPECTORS_OFF: (r) => `TLS/HTTP inspection is off on port ${r.port}: no SNI or ALPN is known`,
  INSPECTOR_TIMEOUT: (r) => `the client waits for the server to speak; the inspectors wait ${r.seconds} s for client bytes, then continue without SNI/ALPN`,
  TLS_DETECTED: (r) => `TLS ClientHello: SNI ${r.sni || '(none)'}, ALPN ${list(r.alpn) || '(none)'}`,
  HTTP_DETECTED: (r) => `plaintext HTTP detected (ALPN ${list(r.alpn)})`,
  NOTHING_DETECTED: () => 'neither TLS nor HTTP detected',
  CHAIN_MATCHED: () => 'most specific filter chain for this connection',
  DEFAULT_CHAIN: (r) => `no filter chain matches${r.emptiedAt ? ` (none left at ${r.emptiedAt})` : ''}: the listener's default chain takes it`,
  NO_CHAIN: (r) => `no filter chain matches${r.emptiedAt ? ` (none left at ${r.emptiedAt})` : ''} and there is no default chain: the proxy closes the connection`,
  NO_FILTER_CHAIN: (r) => `no filter chain on ${r.listener} matches: connection closed`,
  PIPY_DESTINATION: (r) =>
    r.byRange
      ? `the first destination on port ${r.port} whose address ranges hold the address (Pipy then treats the connection as in-mesh)`
      : `no destination on port ${r.port} holds the address in its ranges: the first one without ranges takes it, as egress`,
  PIPY_NO_DESTINATION: (r) => `no destination on port ${r.port} takes the address and egress passthrough is off: Pipy ends the connection without a reply`,
  PIPY_BAD_RANGE: (r) => `${r.chain} has an address range Pipy's Netmask cannot parse: the port handler throws and every connection to port ${r.port} is ended`,
  PIPY_NO_TARGET: (r) => `cluster ${r.name} has no endpoint: Pipy answers 404 over HTTP, or ends the connection`,
  MESH_MTLS_TO_EGRESS: (r) =>
    `Pipy dials ${r.endpoint} with the mesh's mTLS certificate because the destination was found through its address ranges; a server outside the mesh cannot complete that handshake`,
  PIPY_TLS_TO_OTHER_HOST: (r) => `Pipy sends the client's TLS to ${r.endpoint}, the Egress host, whose certificate does not name ${r.sni || 'the address dialled'}`,
  HTTP10_REJECTED: (r) => `${r.chain}'s HTTP connection manager does not accept HTTP/1.0 (accept_http_10 is unset): 426 Upgrade Required`,
  TLS_EXPECTED: (r) => `${r.chain} expects TLS but the client sent plaintext`,
  TLS_INTO_HTTP: (r) => `TLS bytes reach the HTTP connection manager of ${r.chain}: protocol error, connection closed`,
  NOT_HTTP: (r) => `non-HTTP bytes reach the HTTP connection manager of ${r.chain}: connection closed`,
  ROUTE_CONFIG: (r) => `route configuration ${r.name}`,
  ROUTE_CONFIG_MISSING: (r) => `route configuration ${r.name} is not loaded (never sent, or rejected): 404`,
  VIRTUAL_HOST: (r) => `virtual host for Host ${r.authority}`,
  NO_VIRTUAL_HOST: (r) => `no virtual host matches Host ${r.authority}`,
  NO_ROUTES: () => 'the virtual host has no routes',
  NO_ROUTE: (r) => `no route matches ${r.method ? r.method + ' ' : ''}${r.path}`,
  ROUTE_MATCHED: (r) => `first route that matches ${r.method} ${r.path}`,
  FAULT_ABORT: (r) => `fault injection aborts with HTTP ${r.status}`,
  PARTIAL_FAULT: (r) => `fault injection applies to ${r.percent}% of requests: the outcome is not deterministic`,
  WEIGHTED_SPLIT: (r) => `traffic is split between ${list(r.clusters)}: the outcome depends on the draw`,
  DIRECT_RESPONSE: (r) => `the route answers HTTP ${r.status} itself`,
  REDIRECT: (r) => `the route answers with a ${r.status} redirect to ${r.location}`,
  CLUSTER_MISSING: (r) => `cluster ${r.name} does not exist`,
  BLACKHOLE: (r) => `${r.name} has no endpoints by design: the connection is dropped`,
  NO_HEALTHY_UPSTREAM: (r) => `no healthy upstream in ${r.name}`,
  CLUSTER: (r) => `cluster ${r.name} (${r.type}) → ${r.endpoint}`,
  DOUBLE_TLS: (r) => `the proxy originates TLS (${r.mode}) over the client's own TLS: the server sees TLS inside TLS`,
  TLS_ORIGINATED: (r) => `the proxy originates TLS (${r.mode}${r.sni ? `, SNI ${r.sni}` : ''})`,
  ROUTE_TIMEOUT: (r) => `the destination takes ${r.delay} s; the route times out after ${r.timeout} s`,
  CONNECT_TIMEOUT: (r) => `the proxy's connection attempts (${r.attempts}) time out after ${r.seconds} s each`,
  SYN_DROPPED: () => 'the connection attempt is dropped and times out',
  UPSTREAM_RESET: (r) => `the next proxy refused or reset the connection (${r.cause})`,
  CONNECTION_REFUSED: (r) => `connection refused on port ${r.port}`,
  UPSTREAM_ANSWERS: (r) => `the destination ${r.upstream} answers`,
  TRY_HTTPS: (r) => `this request is plain HTTP${r.noScheme ? ' (curl sends plain HTTP when the URL has no scheme)' : ''} — did you mean ${r.url}?`,
  TRY_HTTP: (r) => `this request is HTTPS, but only plain HTTP is allowed here — did you mean ${r.url}?`,
}

export function describeReason(r: Reason): string {
  const words = WORDS[r.code]
  if (words) return words(r)
  const details = Object.entries(r)
    .filter(([k]) => k !== 'code')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`)
  return [r.code, ...details].join(' ')
}

function list(v: Reason[string]): string {
  return Array.isArray(v) ? v.join(', ') : String(v ?? '')
}
