/**
 * The proxy rule table: what a mesh's control plane would program into each proxy, shaped like Envoy's
 * config (listeners → filter chains → route configs → virtual hosts → routes → clusters) so that names
 * compare with `osm proxy get config_dump` and `istioctl proxy-config`. No CRD type appears here; every
 * rule carries the Origin that explains it. Pipy (osm-edge) is expressed in the same shape, with the
 * behavioural differences spelled out as explicit fields (`RouteConfig.hostMatch`, `Route.match.path.mode`…).
 */
import type {Origin} from '../../src/model/source.js'

export type {Origin}

/** Everything the simulator needs about one mesh, for one client workload. */
export interface MeshTable {
  mesh: 'osm' | 'osm-edge' | 'istio'
  /** The client workload the table was compiled for. */
  client: Workload
  /** Proxies by id: the client's sidecar and any gateway a request may be forwarded to. */
  proxies: Record<string, Proxy>
  /** Gateway pods by id ("istio-system/istio-egressgateway"), so NetworkPolicy applies to their upstreams. */
  workloads: Record<string, Workload>
  /** Defaults the compiler assumed because the input did not say (shown in every trace). */
  assumptions: Assumption[]
  /** Config the proxy would refuse (Envoy NACK) and what it then does instead. */
  rejections: Rejection[]
  /**
   * Names the client pod's resolver answers with an address the input states, by fully qualified lower-case
   * name: kube-dns for Services, the sidecar's DNS proxy for the hosts it knows when it captures DNS,
   * ztunnel's DNS proxy (ambient) for ServiceEntry hosts with the address istiod allocated.
   * A name not here resolves to an address the simulation does not know.
   */
  names?: Record<string, NameRecord>
  /**
   * Config the control plane accepts but that does not act on this client as written, with why: a mesh-wide
   * setting its proxy does not enforce, a label istiod does not bind (with the reason it writes in status).
   */
  unapplied?: Unapplied[]
}

export interface NameRecord {
  address: string
  by: 'kube-dns' | 'istio-dns-proxy' | 'ztunnel-dns-proxy'
  origin: Origin
}

export interface Unapplied {
  /**
   * AMBIENT_REGISTRY_ONLY_NOT_ENFORCED, AMBIENT_WAYPOINT_NOT_BOUND; ISTIO_SE_NOT_VISIBLE (a ServiceEntry host
   * this client's sidecar does not see), ISTIO_VS_GATEWAY_NO_WORKLOAD (a VirtualService's Gateway that selects no pod).
   */
  code: string
  /** istiod's status reason, when it writes one (WaypointIsNotReady, AttachmentDenied, UnsupportedTrafficType). */
  reason?: string
  says: string
  /** Where the config that does not act was written. */
  origin: Origin
  /** The setting that keeps it from acting (an exportTo, a Sidecar's egress hosts, a Gateway's selector). */
  setBy?: Origin
  /** For a ServiceEntry host (ISTIO_SE_NOT_VISIBLE): the host and its ports, so a trace to them can name it. */
  host?: string
  ports?: number[]
  /** The sidecar has the host's cluster, but no listener chain on these ports leads to it. */
  clusterKept?: boolean
  /** The waypoint named, for a label that binds nothing: "NAMESPACE/NAME". */
  waypoint?: string
}

export interface Assumption {
  /** Stable code, e.g. "NO_MESHCONFIG", "NAMESPACE_ASSUMED_IN_MESH". */
  code: string
  says: string
}

export interface Rejection {
  proxy: string
  /** Why Envoy refuses it: chains on the same match, a domain twice, or a regex RE2 cannot compile. */
  cause: 'overlapping-chains' | 'duplicate-domain' | 'invalid-regex'
  /** What the proxy refused: "listener outbound-listener", "route config rds-egress.80". */
  what: string
  /** Envoy's own message, as close as known. */
  message: string
  origins: Origin[]
}

/** A pod (or the pods of one workload) as far as egress is concerned. */
export interface Workload {
  /** "NAMESPACE/SERVICEACCOUNT" for clients; "NAMESPACE/NAME" for gateways. */
  id: string
  namespace: string
  serviceAccount: string
  labels: Record<string, string>
  /** Pod IP if known; gateways need one so a NetworkPolicy can be evaluated against them. */
  ip?: string
  /** The sidecar (or gateway proxy) id in MeshTable.proxies; null when the pod has no proxy. */
  proxy: string | null
  /** iptables capture of the pod's outbound TCP; null when nothing is redirected (no sidecar). */
  capture: Capture | null
  /** The setting that decided whether the pod gets a sidecar (injection label, annotation, mesh membership). */
  injection?: Origin
  /** Kubernetes NetworkPolicy egress rules that apply to this pod's network namespace. */
  firewall: EgressFirewall
  origin: Origin
}

/** iptables nat OUTPUT rules, evaluated in this order (first match wins). */
export interface Capture {
  /** Port the redirect sends captured connections to (15001 for both OSM and Istio). */
  redirectPort: number
  excludePorts: Tagged<number>[]
  excludeCidrs: Tagged<string>[]
  /** Ports redirected whatever the destination IP (Istio includeOutboundPorts). */
  includePorts: Tagged<number>[]
  /** '*' = all destinations; [] = none (Istio: empty include list redirects nothing). */
  includeCidrs: '*' | Tagged<string>[]
  /** The setting that limits capture to includeCidrs: credited when a destination lies outside them. */
  includeOrigin?: Origin
  origin: Origin
}

/** A value together with the setting it came from. */
export interface Tagged<T> {
  value: T
  origin: Origin
}

export interface EgressFirewall {
  /** Policies that select the pod for Egress; empty ⇒ not isolated, everything allowed. */
  isolatedBy: Origin[]
  rules: FirewallRule[]
}

export interface FirewallRule {
  /** Empty ⇒ any destination. */
  to: FirewallPeer[]
  /** Empty ⇒ any port. */
  ports: Array<{
    protocol: 'TCP' | 'UDP' | 'SCTP'
    port?: number
    endPort?: number
    /** A named port: matches the destination pod's container port of that name (never a non-pod address). */
    portName?: string
  }>
  origin: Origin
}

export type FirewallPeer =
  | {kind: 'ipBlock'; cidr: string; except: string[]}
  /** Pods selected by pod/namespace selectors, resolved to known workload ids at compile time. */
  | {kind: 'workloads'; ids: string[]; describe: string}

export interface Proxy {
  id: string
  /** ztunnel: ambient's per-node L4 proxy; waypoint: the Envoy a service's traffic is sent to over HBONE. */
  kind: 'sidecar' | 'gateway' | 'ztunnel' | 'waypoint'
  flavor: 'envoy' | 'pipy'
  /** Listeners in the order the proxy holds them. */
  listeners: Listener[]
  routeConfigs: Record<string, RouteConfig>
  clusters: Record<string, Cluster>
  /** For gateways: the pod it runs in (NetworkPolicy applies to its upstream connections). */
  workload?: string
}

export interface Listener {
  name: string
  /** "0.0.0.0" for a wildcard bind. */
  address: string
  port: number
  /**
   * Istio's virtualOutbound: after accepting, hand the connection to the listener bound to the
   * original destination (exact "ip_port" first, then "0.0.0.0_port"); stay here if there is none.
   */
  handOffToOriginalDst: boolean
  /** TLS/HTTP inspectors that fill in SNI and ALPN before chain selection. */
  inspectors: Inspectors
  filterChains: FilterChain[]
  /** Envoy's default_filter_chain: used when no chain matches; null ⇒ the connection is closed. */
  defaultChain: FilterChain | null
  origin: Origin
}

export interface Inspectors {
  tls: boolean
  http: boolean
  /** Destination ports on which both inspectors are disabled (OSM tcp-server-first). */
  disabledOnPorts: number[]
  /**
   * Envoy's listener_filters_timeout: on a server-first protocol the inspectors wait this long for
   * client bytes that never come, then continue without SNI/ALPN (continue_on_listener_filters_timeout).
   */
  timeoutSeconds: number
}

export interface FilterChainMatch {
  destinationPort?: number
  /** CIDRs; absent or empty ⇒ any destination IP. */
  prefixRanges?: string[]
  /** Exact names or leading "*." wildcards; absent or empty ⇒ any (including no SNI). */
  serverNames?: string[]
  transportProtocol?: 'tls' | 'raw_buffer'
  applicationProtocols?: string[]
}

export interface FilterChain {
  name: string
  match: FilterChainMatch
  /** The chain terminates the client's TLS (gateway servers in SIMPLE/MUTUAL/ISTIO_MUTUAL mode). */
  downstreamTls?: {mode: 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL'; origin: Origin}
  /** Istio AuthorizationPolicies the chain's RBAC filters enforce before routing (CUSTOM, then DENY, then ALLOW). */
  authorization?: AuthorizationPolicy[]
  action: ChainAction
  /**
   * osm-edge: chains on the same port whose order against this one upstream leaves to Go's map iteration
   * (pkg/trafficpolicy DeduplicateTrafficMatches), so which one Pipy tries first varies between config
   * pushes. The listed order is the input's; a trace where one of these would also take the connection
   * says so as an assumption.
   */
  orderOpenWith?: string[]
  origin: Origin
}

export type ChainAction =
  | {kind: 'tcp_proxy'; cluster: string; statPrefix?: string}
  /**
   * HTTP connection manager with RDS. acceptHttp10: Envoy's http_protocol_options.accept_http_10; false ⇒
   * an HTTP/1.0 request gets 426 Upgrade Required. Absent ⇒ the compiler does not say (not checked).
   */
  | {kind: 'http'; routeConfig: string; acceptHttp10?: boolean}

export interface RouteConfig {
  name: string
  virtualHosts: VirtualHost[]
  /**
   * How the Host header is matched to domains. 'envoy': lowercased, exact → longest "*.suffix" →
   * longest "prefix*" → "*". 'exact': Pipy's case-sensitive map lookup on the raw Host header.
   */
  hostMatch: 'envoy' | 'exact'
  /** Istio ≥1.16 sets ignore_port_in_host_matching; OSM does not (so it adds "host:port" domains). */
  ignorePortInHostMatching: boolean
  /** What the proxy answers when no virtual host or no route matches (Envoy 404 NR; Pipy 403). */
  noRouteStatus: number
  origin: Origin
}

export interface VirtualHost {
  name: string
  domains: string[]
  /** Evaluated in order; the first route whose match holds wins. */
  routes: Route[]
  origin: Origin
}

export interface StringMatch {
  kind: 'exact' | 'prefix' | 'regex' | 'present'
  value: string
  /**
   * For 'regex': 'full' = Envoy safe_regex (RE2, the whole value must match, sim/rules/re2.ts);
   * 'search' = Pipy `new RegExp(v).test()`, std::regex ECMAScript matching anywhere (sim/rules/pipy-regex.ts).
   */
  mode?: 'full' | 'search'
  caseSensitive?: boolean
  /**
   * For a 'prefix' path: Envoy path_separated_prefix, which Istio uses for Gateway API routes — the path
   * equals the prefix or continues with "/" (so /foo matches /foo and /foo/bar, not /foobar).
   */
  pathSeparated?: boolean
}

export interface HeaderMatch {
  /** Lower-case header name; ":method" and ":authority" are the pseudo-headers. */
  name: string
  match: StringMatch
  invert?: boolean
  /**
   * Envoy treat_missing_header_as_empty: an absent header is matched as "" (then inverted). Without it an
   * absent header fails every matcher but an inverted presence matcher. istiod sets it on inverted
   * (withoutHeaders) non-presence matchers since 1.22 (istio#49540, route.go TranslateRouteMatch); OSM
   * never inverts; Pipy tests `headers[k] || ''`.
   */
  treatMissingAsEmpty?: boolean
}

export interface RouteMatch {
  /** Matched against the path without its query string and fragment (Envoy); absent ⇒ any path. */
  path?: StringMatch
  /** Pipy matches the path with its query string (`head.path`), not as Envoy does. */
  pathIncludesQuery?: boolean
  headers: HeaderMatch[]
  /** Query parameters that must all match (Envoy query_parameters; Istio `queryParams`); absent ⇒ none. */
  queryParameters?: Array<{name: string; match: StringMatch}>
}

export interface Route {
  name: string
  match: RouteMatch
  action: RouteAction
  /** Envoy cluster_not_found_response_code: what a route to a missing cluster answers (default 503; Istio's Gateway API routes 500). */
  clusterNotFoundStatus?: number
  /** Route timeout in seconds; 0 or absent ⇒ disabled. */
  timeoutSeconds?: number
  retries?: {attempts: number; retryOn: string; perTryTimeoutSeconds?: number}
  fault?: {
    abort?: {status: number; percent: number}
    delay?: {seconds: number; percent: number}
  }
  origin: Origin
}

export type RouteAction =
  | {kind: 'cluster'; clusters: Array<{name: string; weight: number}>}
  | {kind: 'direct_response'; status: number}
  | {kind: 'redirect'; status: number; location: string}

export interface Cluster {
  name: string
  /**
   * ORIGINAL_DST: forward to the address the client dialled. STRICT_DNS/LOGICAL_DNS: resolve the
   * endpoint host names. EDS/STATIC: the listed endpoints. A STATIC cluster with no endpoints is
   * Istio's BlackHoleCluster. DYNAMIC_FORWARD_PROXY: Envoy resolves each request's Host header (port from
   * it, else 80, or 443 when the cluster originates TLS).
   */
  type: 'ORIGINAL_DST' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'EDS' | 'STATIC' | 'DYNAMIC_FORWARD_PROXY'
  endpoints: Endpoint[]
  /** TLS the proxy originates towards the endpoints; absent ⇒ bytes are sent as received. */
  tls?: UpstreamTls
  connectTimeoutSeconds?: number
  /** What the proxy does with a connection sent here that the simulator does not follow (trace: unsupported). */
  notModelled?: {says: string; origin: Origin}
  origin: Origin
}

export interface Endpoint {
  host: string
  port: number
  /**
   * When the endpoint is another proxy of this table (an egress gateway): its id and the pod port. `tunnel`:
   * HBONE, where the original destination travels inside the tunnel, so the next proxy matches on it.
   */
  proxy?: {id: string; targetPort: number; tunnel?: boolean}
}

/** One AuthorizationPolicy as an RBAC filter holds it (istio pilot/pkg/security/authz/builder). */
export interface AuthorizationPolicy {
  name: string
  action: 'ALLOW' | 'DENY' | 'CUSTOM'
  /** OR-ed; an ALLOW policy without rules allows nothing, a DENY policy without rules denies nothing. */
  rules: AuthorizationRule[]
  origin: Origin
}

/** A rule holds when one of `from` and one of `to` (each absent ⇒ any) match; values OR-ed, fields AND-ed. */
export interface AuthorizationRule {
  from: Array<Partial<Record<'principals' | 'notPrincipals' | 'namespaces' | 'notNamespaces', string[]>>>
  to: Array<Partial<Record<'hosts' | 'notHosts' | 'methods' | 'notMethods' | 'paths' | 'notPaths' | 'ports' | 'notPorts', string[]>>>
  /** Fields the simulator does not evaluate (requestPrincipals, ipBlocks, `when` …): a request meeting this rule is not modelled. */
  unmodelled: string[]
  origin: Origin
}

export interface UpstreamTls {
  /**
   * MESH_MUTUAL: osm-edge's connect-tls.js with the sidecar's own mesh certificate, trusting only the mesh
   * CA; a destination outside the mesh cannot complete that handshake.
   */
  mode: 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL' | 'MESH_MUTUAL'
  /** SNI sent; absent ⇒ Envoy sends none (Istio ISTIO_MUTUAL defaults it to the cluster name). */
  sni?: string
  origin: Origin
}
