import type {HttpRequest, Request} from '../request/types.js'
import type {Assumption, Cluster, FilterChain, Listener, MeshTable, Origin, Proxy, Route, Workload} from '../rules/types.js'
import type {ConnectionAttributes} from './attributes.js'
import {authorize} from './authorize.js'
import {captureStage} from './capture.js'
import {type Destination, firewallStage} from './firewall.js'
import {chainMismatches, selectFilterChain} from './match-filter-chain.js'
import {routeMismatches} from './match-route.js'
import {matchVirtualHost} from './match-virtual-host.js'
import {type PipySelection, pipyClosedExit, pipyRotatedEndpoint, selectPipyDestination} from './pipy.js'
import {type Recorded, step} from './recorded.js'
import {dnsStage} from './resolve-name.js'
import type {Candidate, Hop, NearMiss, Outcome, Reason, RuleRef, Trace} from './types.js'

export interface TraceOptions {
  /** How long the real destination takes to answer. */
  upstreamDelaySeconds?: number
}

/** One TCP connection on its way out, as the next pod or proxy receives it. */
interface Conn {
  /** The pod the connection leaves from. */
  from: Workload
  /** Name the bytes are meant for (the client's host; a gateway's service name on the way to it). */
  host: string
  ip?: string
  port: number
  /** What the first bytes are. */
  bytes: 'tls' | 'http' | 'tcp'
  sni?: string
  alpn: string[]
  http?: HttpRequest
  serverFirst: boolean
  /** TLS state towards the final destination. */
  tls: Trace['tls']
}

/** Where a hop ended: a final outcome, or a connection to an upstream. */
type HopEnd = {outcome: Outcome; decided: Origin | null; sentTo?: string} | {upstream: Upstream; decided: Origin | null}

interface Upstream {
  conn: Conn
  /** The next proxy when the upstream is a gateway of this table. */
  proxy?: Proxy
  /** Whether the previous proxy speaks HTTP to it (so a connection failure becomes a 503, not a reset). */
  viaHttp: boolean
  /** The port the next proxy accepts on, when the connection keeps its original destination (an HBONE tunnel). */
  listenPort?: number
}

const CONNECT_TIMEOUT_DEFAULT = 10

/**
 * Replays one request through a compiled mesh table, recording every decision. Pure and deterministic:
 * the same table and request always give the same trace.
 */
export function runTrace(table: MeshTable, request: Request, opts: TraceOptions = {}): Trace {
  const walk = new Walk(table, opts)
  return walk.run(request)
}

class Walk {
  private hops: Hop[] = []
  private via: string[] = []
  private nearMisses: NearMiss[] = []
  /** Said by this request's walk alone (an order upstream leaves open that this request depends on). */
  private assumptions: Assumption[] = []
  private elapsed = 0

  constructor(
    private readonly table: MeshTable,
    private readonly opts: TraceOptions,
  ) {}

  run(request: Request): Trace {
    const client = this.table.client
    const hop = this.newHop(client.proxy, client.id)
    const dns = request.ip === undefined ? this.record(hop, dnsStage(this.table, request.host)) : undefined
    const conn: Conn = {
      from: client,
      host: request.host,
      ip: request.ip ?? dns?.address,
      port: request.port,
      bytes: request.protocol === 'http' ? 'http' : request.protocol === 'tcp' ? 'tcp' : 'tls',
      sni: request.sni,
      alpn: request.alpn,
      http: request.http,
      serverFirst: request.serverFirst,
      tls: request.protocol === 'https' || request.protocol === 'tls' ? 'passthrough' : 'none',
    }
    const capture = this.record(hop, captureStage(client, conn.ip, conn.port))
    let end: HopEnd =
      capture.redirectTo === null ? this.leavePod(hop, conn, false, capture.decided) : this.atProxy(this.table.proxies[capture.proxy], conn, capture.redirectTo, hop)
    // Follow gateways until a final outcome. An allowed request is credited to the client sidecar's rule.
    const firstDecided = end.decided
    while ('upstream' in end) {
      const up = end.upstream
      if (!up.proxy) break
      this.via.push(up.proxy.id)
      const next = this.newHop(up.proxy.id, up.proxy.workload ?? up.proxy.id)
      const nextEnd = this.atProxy(up.proxy, up.conn, up.listenPort ?? up.conn.port, next)
      if ('outcome' in nextEnd) {
        end = {outcome: relayed(nextEnd.outcome, up.viaHttp), decided: nextEnd.decided}
        break
      }
      end = nextEnd
    }
    let outcome: Outcome
    let upstream: string | null
    let tls: Trace['tls'] = 'none'
    if ('outcome' in end) {
      outcome = end.outcome
      upstream = end.sentTo ?? null
      if (outcome.verdict === 'allow') tls = conn.tls
    } else {
      const final = end.upstream.conn
      upstream = `${final.host}:${final.port}`
      tls = final.tls
      const delay = this.opts.upstreamDelaySeconds ?? 0
      outcome = {verdict: 'allow', by: 'upstream', because: {code: 'UPSTREAM_ANSWERS', upstream}, ...(this.elapsed + delay > 0 ? {afterSeconds: this.elapsed + delay} : {})}
    }
    return {
      mesh: this.table.mesh,
      request,
      client: client.id,
      assumptions: [...this.table.assumptions, ...this.assumptions],
      rejections: this.table.rejections,
      hops: this.hops,
      outcome,
      // A denied request names an upstream only when its bytes were sent there (a route timeout's 504).
      upstream: outcome.verdict === 'allow' || 'sentTo' in end ? upstream : null,
      via: this.via,
      tls: outcome.verdict === 'allow' ? tls : 'none',
      decidedBy: outcome.verdict === 'allow' ? firstDecided : end.decided,
      nearMisses: this.nearMisses,
    }
  }

  private newHop(proxy: string | null, workload: string): Hop {
    const hop: Hop = {proxy, workload, steps: []}
    this.hops.push(hop)
    return hop
  }

  /** The one place a stage's steps, near misses, assumptions and waiting time enter the trace. */
  private record<R extends Recorded>(hop: Hop, r: R): R {
    hop.steps.push(...r.steps)
    for (const candidates of r.missed ?? []) for (const c of candidates) if (c.mismatches.length === 1) this.nearMisses.push({rule: c.rule, mismatch: c.mismatches[0]})
    this.assumptions.push(...(r.assumptions ?? []))
    this.elapsed += r.seconds ?? 0
    return r
  }

  /** A connection leaves the pod without a proxy (no sidecar, capture bypassed): only NetworkPolicy applies. */
  private leavePod(hop: Hop, conn: Conn, viaHttp: boolean, decided: Origin): HopEnd {
    const blocked = this.record(hop, firewallStage(conn.from, {ip: conn.ip, port: conn.port})).dropped
    if (blocked) return {outcome: this.connectTimeout(conn, false, CONNECT_TIMEOUT_DEFAULT, 0), decided: blocked}
    return {upstream: {conn, viaHttp}, decided}
  }

  private atProxy(proxy: Proxy, conn: Conn, listenPort: number, hop: Hop): HopEnd {
    let listener = findListener(proxy, undefined, listenPort)
    const listenerCandidates: Candidate[] = proxy.listeners.map((l) => ({rule: listenerRef(proxy, l), mismatches: l.port === listenPort ? [] : [{field: 'port', wanted: String(l.port), got: String(listenPort)}]}))
    if (!listener) {
      hop.steps.push(step('listener', null, listenerCandidates, {code: 'NO_LISTENER', port: listenPort}))
      return {outcome: {verdict: 'deny', by: 'kernel', curlExit: 7, because: {code: 'CONNECTION_REFUSED', port: listenPort}}, decided: null}
    }
    hop.steps.push(step('listener', listenerRef(proxy, listener), listenerCandidates, {code: 'LISTENER_ACCEPTS', port: listenPort}))
    if (listener.handOffToOriginalDst) {
      const target = findListener(proxy, conn.ip, conn.port, listener)
      if (target) {
        listener = target
        hop.steps.push(step('listener', listenerRef(proxy, target), [], {code: 'HANDED_OFF', address: target.address, port: target.port}))
      } else hop.steps.push(step('listener', listenerRef(proxy, listener), [], {code: 'NO_PORT_LISTENER', port: conn.port}))
    }
    const attrs = this.inspect(listener, conn, hop)
    const candidates: Candidate[] = listener.filterChains.map((ch) => ({rule: chainRef(proxy, ch), mismatches: chainMismatches(ch.match, attrs)}))
    const pipy = proxy.flavor === 'pipy'
    const sel: PipySelection = pipy ? selectPipyDestination(listener.filterChains, attrs) : selectFilterChain(listener.filterChains, attrs)
    if (sel.broken) {
      const because: Reason = {code: 'PIPY_BAD_RANGE', chain: sel.broken.name, port: conn.port}
      hop.steps.push(step('filter-chain', chainRef(proxy, sel.broken), candidates, because))
      return {outcome: {verdict: 'deny', by: 'proxy', curlExit: pipyClosedExit(conn.bytes), because}, decided: sel.broken.origin}
    }
    if (sel.orderOpenWith && sel.chain) {
      const others = sel.orderOpenWith.join(', ')
      this.assumptions.push({
        code: 'PIPY_ORDER_OPEN',
        says: `${others} would take this connection as well as ${sel.chain.name}: osm-edge lists them in Go map order (DeduplicateTrafficMatches), so which Pipy tries first can change with every config push; assumed the order of the input`,
      })
    }
    let chain = sel.chain
    if (chain) hop.steps.push(step('filter-chain', chainRef(proxy, chain), candidates, pipy ? {code: 'PIPY_DESTINATION', port: conn.port, byRange: sel.byRange ?? false} : {code: 'CHAIN_MATCHED'}))
    else if (listener.defaultChain) {
      chain = listener.defaultChain
      hop.steps.push(step('filter-chain', chainRef(proxy, chain), candidates, {code: 'DEFAULT_CHAIN', emptiedAt: sel.emptiedAt}))
    } else {
      hop.steps.push(step('filter-chain', null, candidates, {code: 'NO_CHAIN', emptiedAt: sel.emptiedAt}))
      this.collectNearMisses(candidates)
      // outbound-main.js: no destination and no EnableEgress ⇒ the stream is ended without error.
      if (pipy) return {outcome: {verdict: 'deny', by: 'proxy', curlExit: pipyClosedExit(conn.bytes), because: {code: 'PIPY_NO_DESTINATION', port: conn.port}}, decided: listener.origin}
      return {outcome: reset(conn, 'NR', {code: 'NO_FILTER_CHAIN', listener: listener.name}), decided: listener.origin}
    }
    if (!sel.chain) this.collectNearMisses(candidates)
    if (chain.downstreamTls) {
      if (conn.bytes !== 'tls') return {outcome: reset(conn, 'DPE', {code: 'TLS_EXPECTED', chain: chain.name}), decided: chain.origin}
      conn = {...conn, bytes: conn.http ? 'http' : 'tcp', sni: undefined, alpn: conn.http ? ['http/1.1'] : []}
    }
    if (chain.authorization && chain.action.kind === 'tcp_proxy') {
      const denied = this.authorizeAt(proxy, hop, chain, conn, undefined)
      if (denied) return denied
    }
    if (chain.action.kind === 'tcp_proxy') {
      return this.toCluster(proxy, hop, conn, chain.action.cluster, false, chain.origin, undefined)
    }
    return this.http(proxy, hop, conn, chain, chain.action.routeConfig)
  }

  private inspect(listener: Listener, conn: Conn, hop: Hop): ConnectionAttributes {
    const active = (listener.inspectors.tls || listener.inspectors.http) && !listener.inspectors.disabledOnPorts.includes(conn.port)
    const base = {dstIp: conn.ip, dstPort: conn.port}
    if (!active) {
      hop.steps.push(step('inspectors', null, [], {code: 'INSPECTORS_OFF', port: conn.port}))
      return {...base, transport: 'raw_buffer', alpn: []}
    }
    if (conn.serverFirst) {
      // The inspectors wait for client bytes that a server-first client never sends first.
      this.elapsed += listener.inspectors.timeoutSeconds
      hop.steps.push(step('inspectors', null, [], {code: 'INSPECTOR_TIMEOUT', seconds: listener.inspectors.timeoutSeconds}))
      return {...base, transport: 'raw_buffer', alpn: []}
    }
    if (conn.bytes === 'tls' && listener.inspectors.tls) {
      hop.steps.push(step('inspectors', null, [], {code: 'TLS_DETECTED', sni: conn.sni ?? '', alpn: conn.alpn}))
      return {...base, transport: 'tls', sni: conn.sni, alpn: conn.alpn}
    }
    if (conn.bytes === 'http' && listener.inspectors.http) {
      hop.steps.push(step('inspectors', null, [], {code: 'HTTP_DETECTED', alpn: conn.alpn}))
      return {...base, transport: 'raw_buffer', alpn: conn.alpn}
    }
    hop.steps.push(step('inspectors', null, [], {code: 'NOTHING_DETECTED'}))
    return {...base, transport: 'raw_buffer', alpn: []}
  }

  private http(proxy: Proxy, hop: Hop, conn: Conn, chain: FilterChain, rcName: string): HopEnd {
    // Pipy's demuxHTTP ends the stream on bytes it cannot decode (filters/http.cpp Demux::on_decode_error).
    const refuse = (because: Reason): Outcome =>
      proxy.flavor === 'pipy' ? {verdict: 'deny', by: 'proxy', curlExit: pipyClosedExit(conn.bytes), because} : reset(conn, 'DPE', because)
    if (conn.bytes === 'tls') return {outcome: refuse({code: 'TLS_INTO_HTTP', chain: chain.name}), decided: chain.origin}
    if (conn.bytes === 'tcp' || !conn.http) return {outcome: refuse({code: 'NOT_HTTP', chain: chain.name}), decided: chain.origin}
    const req = conn.http
    if (req.version === '1.0' && chain.action.kind === 'http' && chain.action.acceptHttp10 === false) {
      // Envoy's HTTP/1 codec answers HTTP/1.0 itself unless http_protocol_options.accept_http_10 is set.
      hop.steps.push(step('route-config', null, [], {code: 'HTTP10_REJECTED', chain: chain.name}))
      return {outcome: {verdict: 'deny', by: 'proxy', status: 426, because: {code: 'HTTP10_REJECTED', chain: chain.name}}, decided: chain.origin}
    }
    if (chain.authorization) {
      const denied = this.authorizeAt(proxy, hop, chain, conn, req)
      if (denied) return denied
    }
    const rc = proxy.routeConfigs[rcName]
    if (!rc) {
      hop.steps.push(step('route-config', null, [], {code: 'ROUTE_CONFIG_MISSING', name: rcName}))
      return {outcome: {verdict: 'deny', by: 'proxy', status: 404, responseFlag: 'NR', because: {code: 'ROUTE_CONFIG_MISSING', name: rcName}}, decided: chain.origin}
    }
    const rcRef: RuleRef = {proxy: proxy.id, kind: 'route-config', name: rc.name, origin: rc.origin}
    hop.steps.push(step('route-config', rcRef, [], {code: 'ROUTE_CONFIG', name: rc.name}))
    const vh = matchVirtualHost(rc, req.authority)
    const vhCandidates: Candidate[] = rc.virtualHosts.map((v) => ({
      rule: {proxy: proxy.id, kind: 'virtual-host', name: v.name, origin: v.origin},
      mismatches: v === vh ? [] : [{field: 'domains', wanted: v.domains.join(','), got: req.authority}],
    }))
    if (!vh) {
      hop.steps.push(step('virtual-host', null, vhCandidates, {code: 'NO_VIRTUAL_HOST', authority: req.authority}))
      this.collectNearMisses(vhCandidates)
      return {outcome: {verdict: 'deny', by: 'proxy', status: rc.noRouteStatus, ...noRouteFlag(proxy), because: {code: 'NO_VIRTUAL_HOST', authority: req.authority}}, decided: rc.origin}
    }
    const vhRef: RuleRef = {proxy: proxy.id, kind: 'virtual-host', name: vh.name, origin: vh.origin}
    hop.steps.push(step('virtual-host', vhRef, vhCandidates, {code: 'VIRTUAL_HOST', authority: req.authority}))
    const routeCandidates: Candidate[] = vh.routes.map((r) => ({rule: routeRef(proxy, r), mismatches: routeMismatches(r, req)}))
    const idx = routeCandidates.findIndex((c) => c.mismatches.length === 0)
    if (idx < 0) {
      hop.steps.push(step('route', null, routeCandidates, {code: vh.routes.length === 0 ? 'NO_ROUTES' : 'NO_ROUTE', path: req.path, method: req.method}))
      this.collectNearMisses(routeCandidates)
      return {outcome: {verdict: 'deny', by: 'proxy', status: rc.noRouteStatus, ...noRouteFlag(proxy), because: {code: 'NO_ROUTE', path: req.path}}, decided: vh.origin}
    }
    const route = vh.routes[idx]
    hop.steps.push(step('route', routeRef(proxy, route), routeCandidates, {code: 'ROUTE_MATCHED', path: req.path, method: req.method}))
    return this.routeAction(proxy, hop, conn, route)
  }

  private routeAction(proxy: Proxy, hop: Hop, conn: Conn, route: Route): HopEnd {
    const fault = route.fault
    if (fault?.abort && fault.abort.percent > 0) {
      if (fault.abort.percent < 100) return unsupported({code: 'PARTIAL_FAULT', percent: fault.abort.percent}, route.origin)
      return {outcome: {verdict: 'deny', by: 'proxy', status: fault.abort.status, responseFlag: 'FI', because: {code: 'FAULT_ABORT', status: fault.abort.status}}, decided: route.origin}
    }
    if (fault?.delay && fault.delay.percent > 0) {
      if (fault.delay.percent < 100) return unsupported({code: 'PARTIAL_FAULT', percent: fault.delay.percent}, route.origin)
      this.elapsed += fault.delay.seconds
    }
    const action = route.action
    if (action.kind === 'direct_response')
      return {outcome: {verdict: 'deny', by: 'proxy', status: action.status, because: {code: 'DIRECT_RESPONSE', status: action.status}}, decided: route.origin}
    if (action.kind === 'redirect')
      return {outcome: {verdict: 'deny', by: 'proxy', status: action.status, because: {code: 'REDIRECT', status: action.status, location: action.location}}, decided: route.origin}
    const live = action.clusters.filter((c) => c.weight > 0)
    if (live.length !== 1) return unsupported({code: 'WEIGHTED_SPLIT', clusters: live.map((c) => `${c.name} (${c.weight})`)}, route.origin)
    const end = this.toCluster(proxy, hop, conn, live[0].name, true, route.origin, route)
    if ('upstream' in end && route.timeoutSeconds && route.timeoutSeconds > 0) {
      const delay = this.opts.upstreamDelaySeconds ?? 0
      if (delay > route.timeoutSeconds) {
        hop.steps.push(step('upstream', routeRef(proxy, route), [], {code: 'ROUTE_TIMEOUT', timeout: route.timeoutSeconds, delay}))
        // The request was forwarded; the proxy gave up waiting for the answer (Envoy UT), so the bytes reached it.
        const sent = end.upstream.conn
        return {
          outcome: {verdict: 'deny', by: 'proxy', status: 504, responseFlag: 'UT', afterSeconds: this.elapsed + route.timeoutSeconds, because: {code: 'ROUTE_TIMEOUT', timeout: route.timeoutSeconds, delay}},
          decided: route.origin,
          sentTo: `${sent.host}:${sent.port}`,
        }
      }
    }
    return end
  }

  /** The chain's RBAC filters; a denial ends the hop (HTTP: 403 "RBAC: access denied"; TCP: the connection is closed). */
  private authorizeAt(proxy: Proxy, hop: Hop, chain: FilterChain, conn: Conn, req: HttpRequest | undefined): HopEnd | null {
    const [namespace, serviceAccount] = this.table.client.id.split('/')
    const decision = authorize(chain.authorization ?? [], {
      principal: `cluster.local/ns/${namespace}/sa/${serviceAccount}`,
      namespace,
      port: conn.port,
      ...(req ? {http: {host: req.authority, method: req.method, path: req.path}} : {}),
    })
    const ref = (o: Origin, name: string): RuleRef => ({proxy: proxy.id, kind: 'filter-chain', name, origin: o})
    if ('unmodelled' in decision) return unsupported({code: 'AUTHZ_NOT_MODELLED', policy: decision.policy.name, fields: decision.unmodelled}, decision.policy.origin)
    if (decision.allowed) {
      if (decision.policy) hop.steps.push(step('filter-chain', ref(decision.policy.origin, decision.policy.name), [], {code: 'AUTHZ_ALLOWED', policy: decision.policy.name}))
      return null
    }
    const because: Reason = {code: decision.because === 'DENY_MATCHED' ? 'AUTHZ_DENY_MATCHED' : 'AUTHZ_NO_ALLOW_MATCHED', policy: decision.policy?.name ?? ''}
    hop.steps.push(step('filter-chain', null, [], because))
    const decided = decision.policy?.origin ?? chain.origin
    if (req) return {outcome: {verdict: 'deny', by: 'proxy', status: 403, because}, decided}
    return {outcome: reset(conn, '-', because), decided}
  }

  private toCluster(proxy: Proxy, hop: Hop, conn: Conn, name: string, viaHttp: boolean, decided: Origin, route: Route | undefined): HopEnd {
    const cluster = proxy.clusters[name]
    const pipy = proxy.flavor === 'pipy'
    if (!cluster) {
      hop.steps.push(step('cluster', null, [], {code: 'CLUSTER_MISSING', name}))
      // outbound-http-default.js: a route but no target ⇒ 404 "Not found".
      const outcome: Outcome = viaHttp
        ? {verdict: 'deny', by: 'proxy', status: pipy ? 404 : (route?.clusterNotFoundStatus ?? 503), ...(pipy ? {} : {responseFlag: 'NC'}), because: {code: 'CLUSTER_MISSING', name}}
        : reset(conn, 'NC', {code: 'CLUSTER_MISSING', name})
      return {outcome, decided}
    }
    const cRef: RuleRef = {proxy: proxy.id, kind: 'cluster', name: cluster.name, origin: cluster.origin}
    if (cluster.notModelled) {
      const because: Reason = {code: 'NOT_MODELLED', says: cluster.notModelled.says}
      hop.steps.push(step('cluster', cRef, [], because))
      return unsupported(because, cluster.notModelled.origin)
    }
    if (pipy && cluster.type === 'STRICT_DNS' && cluster.endpoints.length === 0) {
      // The balancer has no target: outbound-http-default.js answers 404, outbound-tcp-default.js ends the stream.
      const because: Reason = {code: 'PIPY_NO_TARGET', name: cluster.name}
      hop.steps.push(step('cluster', cRef, [], because))
      const outcome: Outcome = viaHttp ? {verdict: 'deny', by: 'proxy', status: 404, because} : {verdict: 'deny', by: 'proxy', curlExit: pipyClosedExit(conn.bytes), because}
      return {outcome, decided: cluster.origin}
    }
    const target = this.endpoint(cluster, conn, pipy)
    if (!target) {
      // A STATIC cluster without endpoints is a black hole by design (Istio BlackHoleCluster): the rule that
      // sent the connection there decided; any other empty cluster is the cluster's own failure.
      const blackHole = cluster.type === 'STATIC' && cluster.endpoints.length === 0
      const because: Reason = {code: blackHole ? 'BLACKHOLE' : 'NO_HEALTHY_UPSTREAM', name: cluster.name}
      hop.steps.push(step('cluster', cRef, [], because))
      const outcome: Outcome = viaHttp ? {verdict: 'deny', by: 'proxy', status: 503, responseFlag: 'UH', because} : reset(conn, 'UH', because)
      return {outcome, decided: blackHole ? decided : cluster.origin}
    }
    hop.steps.push(step('cluster', cRef, [], {code: 'CLUSTER', name: cluster.name, type: cluster.type, endpoint: `${target.host}:${target.port}`}))
    const gateway = target.proxy ? this.table.proxies[target.proxy.id] : undefined
    const gatewayWorkload = gateway?.workload
    const dst: Destination = gateway ? {workload: gatewayWorkload ?? gateway.id, port: target.port} : {ip: target.ip, port: target.port}
    const blocked = this.record(hop, firewallStage(conn.from, dst)).dropped
    if (blocked) {
      const attempts = viaHttp ? 1 + (route?.retries?.attempts ?? 0) : 1
      return {outcome: this.connectTimeout(conn, viaHttp, cluster.connectTimeoutSeconds ?? CONNECT_TIMEOUT_DEFAULT, attempts - 1), decided: blocked}
    }
    if (cluster.tls?.mode === 'MESH_MUTUAL' && !gateway) {
      // connect-tls.js trusts only the mesh CA and presents the sidecar's mesh certificate; a destination
      // outside the mesh cannot complete that handshake. Pipy's TLS filter then ends the stream without an
      // error, so muxHTTP has no response to give and demuxHTTP ends the client's connection (52), or the
      // client's own TLS handshake is cut short (35).
      const because: Reason = {code: 'MESH_MTLS_TO_EGRESS', cluster: cluster.name, endpoint: `${target.host}:${target.port}`}
      hop.steps.push(step('upstream', cRef, [], because))
      return {outcome: {verdict: 'deny', by: 'proxy', curlExit: pipyClosedExit(conn.bytes), because}, decided: cluster.tls.origin}
    }
    if (pipy && !viaHttp && cluster.type === 'STRICT_DNS' && cluster.endpoints.length > 0) {
      const rotated = pipyRotatedEndpoint(cluster, conn.sni)
      if (rotated.others.length > 0 && rotated.matchesSni) {
        this.assumptions.push({
          code: 'PIPY_ROUND_ROBIN',
          says: `cluster ${cluster.name} rotates connections over ${[`${target.host}:${target.port}`, ...rotated.others].join(', ')} whatever name the client asks for; assumed this one reaches ${target.host}:${target.port}`,
        })
      }
      if (conn.bytes === 'tls' && !rotated.matchesSni) {
        const because: Reason = {code: 'PIPY_TLS_TO_OTHER_HOST', endpoint: `${target.host}:${target.port}`, sni: conn.sni ?? ''}
        hop.steps.push(step('upstream', cRef, [], because))
        // curl: "SSL: no alternative certificate subject name matches target host name" (CURLE_PEER_FAILED_VERIFICATION).
        this.assumptions.push({code: 'PIPY_OTHER_HOST_CERTIFICATE', says: `${target.host}'s certificate is taken not to name ${conn.sni ?? conn.host}`})
        return {outcome: {verdict: 'deny', by: 'client', curlExit: 60, because}, decided: cluster.origin}
      }
    }
    let next: Conn = {...conn, host: target.host, ip: target.ip, port: target.port}
    if (viaHttp) next = {...next, bytes: 'http', alpn: ['http/1.1'], sni: undefined}
    if (cluster.tls) {
      if (conn.bytes === 'tls' && !viaHttp && !gateway) {
        hop.steps.push(step('upstream', cRef, [], {code: 'DOUBLE_TLS', mode: cluster.tls.mode}))
        return {outcome: reset(conn, 'UF', {code: 'DOUBLE_TLS'}), decided: cluster.tls.origin}
      }
      next = {...next, bytes: 'tls', sni: cluster.tls.sni, alpn: cluster.tls.mode === 'ISTIO_MUTUAL' ? ['istio-peer-exchange', 'istio'] : [], tls: gateway ? next.tls : 'originated'}
      hop.steps.push(step('upstream', cRef, [], {code: 'TLS_ORIGINATED', mode: cluster.tls.mode, sni: cluster.tls.sni ?? ''}))
    }
    if (gateway && target.proxy!.tunnel) {
      // HBONE: the original destination travels inside the tunnel; the next proxy matches on it.
      return {upstream: {conn: {...conn, from: this.workloadOf(gateway)}, proxy: gateway, viaHttp, listenPort: target.proxy!.targetPort}, decided}
    }
    if (gateway) {
      const inner = {...next, port: target.proxy!.targetPort, ip: undefined, from: this.workloadOf(gateway)}
      return {upstream: {conn: inner, proxy: gateway, viaHttp}, decided}
    }
    // Leaving the mesh: the proxy's own pod must be allowed by NetworkPolicy (checked above).
    return {upstream: {conn: {...next, from: conn.from}, viaHttp}, decided}
  }

  /** The address a cluster sends this connection to, or null when it has none (no endpoints, unresolvable). */
  private endpoint(cluster: Cluster, conn: Conn, pipy: boolean): {host: string; ip?: string; port: number; proxy?: {id: string; targetPort: number; tunnel?: boolean}} | null {
    if (cluster.type === 'ORIGINAL_DST') return {host: conn.host, ip: conn.ip, port: conn.port}
    if (cluster.type === 'DYNAMIC_FORWARD_PROXY') return forwardProxyTarget(conn, Boolean(cluster.tls))
    const ep = pipy && cluster.endpoints.length > 0 ? pipyRotatedEndpoint(cluster, conn.sni).endpoint : cluster.endpoints[0]
    if (!ep) return null
    // A DNS cluster resolves the literal host string; a wildcard never resolves (Envoy: no healthy upstream).
    if ((cluster.type === 'STRICT_DNS' || cluster.type === 'LOGICAL_DNS') && ep.host.includes('*')) return null
    const isIp = /^[\d.]+$|:/.test(ep.host)
    return {host: ep.host, ip: isIp ? ep.host : undefined, port: ep.port, proxy: ep.proxy}
  }

  private workloadOf(gateway: Proxy): Workload {
    const id = gateway.workload ?? gateway.id
    const known = this.table.workloads[id]
    if (known) return known
    return {
      id,
      namespace: id.split('/')[0],
      serviceAccount: '',
      labels: {},
      proxy: gateway.id,
      capture: null,
      firewall: this.table.workloads[id]?.firewall ?? {isolatedBy: [], rules: []},
      origin: {from: 'default', says: `gateway ${id}`},
    }
  }

  private connectTimeout(conn: Conn, viaHttp: boolean, seconds: number, retries: number): Outcome {
    const after = this.elapsed + seconds * (1 + retries)
    if (viaHttp) return {verdict: 'deny', by: 'proxy', status: 503, responseFlag: 'UF', afterSeconds: after, because: {code: 'CONNECT_TIMEOUT', seconds, attempts: 1 + retries}}
    return {verdict: 'deny', by: 'kernel', curlExit: 28, afterSeconds: after, because: {code: 'SYN_DROPPED'}}
  }

  private collectNearMisses(candidates: Candidate[]): void {
    for (const c of candidates) if (c.mismatches.length === 1) this.nearMisses.push({rule: c.rule, mismatch: c.mismatches[0]})
  }
}

/**
 * Where Envoy's dynamic forward proxy connects: the Host header's name and port (else 80, or 443 when the
 * cluster originates TLS), or for TLS passed through, the SNI (api extensions.clusters.dynamic_forward_proxy).
 */
function forwardProxyTarget(conn: Conn, originatesTls: boolean): {host: string; port: number} | null {
  const authority = conn.http?.authority ?? conn.sni
  if (!authority) return null
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority)
  if (!m) return null
  return {host: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : conn.http ? (originatesTls ? 443 : 80) : conn.port}
}

function findListener(proxy: Proxy, ip: string | undefined, port: number, except?: Listener): Listener | undefined {
  const candidates = proxy.listeners.filter((l) => l.port === port && l !== except)
  return (ip !== undefined ? candidates.find((l) => l.address === ip) : undefined) ?? candidates.find((l) => l.address === '0.0.0.0')
}

/** A connection closed by the proxy: what curl reports depends on whether it was speaking TLS. */
function reset(conn: Conn, flag: string, because: Reason): Outcome {
  return {verdict: 'deny', by: 'proxy', curlExit: conn.bytes === 'tls' ? 35 : 56, responseFlag: flag, because}
}

/** How a later hop's outcome reaches the client through the previous proxy. */
function relayed(outcome: Outcome, viaHttp: boolean): Outcome {
  if (outcome.verdict !== 'deny' || outcome.status !== undefined || !viaHttp) return outcome
  // The previous proxy spoke HTTP to the gateway: a refused or reset upstream becomes its own 503.
  return {verdict: 'deny', by: 'proxy', status: 503, responseFlag: 'UF', afterSeconds: outcome.afterSeconds, because: {code: 'UPSTREAM_RESET', cause: outcome.because.code}}
}

/** Envoy's access-log flag for "no route"; Pipy's outbound-http-default.js has none. */
function noRouteFlag(proxy: Proxy): {responseFlag?: string} {
  return proxy.flavor === 'pipy' ? {} : {responseFlag: 'NR'}
}

function unsupported(because: Reason, decided: Origin): HopEnd {
  return {outcome: {verdict: 'unsupported', by: 'proxy', because}, decided}
}

function listenerRef(proxy: Proxy, l: Listener): RuleRef {
  return {proxy: proxy.id, kind: 'listener', name: l.name, origin: l.origin}
}

function chainRef(proxy: Proxy, ch: FilterChain): RuleRef {
  return {proxy: proxy.id, kind: 'filter-chain', name: ch.name, origin: ch.origin}
}

function routeRef(proxy: Proxy, r: Route): RuleRef {
  return {proxy: proxy.id, kind: 'route', name: r.name, origin: r.origin}
}
