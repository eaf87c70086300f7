import type {Request} from '../request/types.js'
import type {Assumption, FilterChain, MeshTable, Origin, Proxy, Route} from '../rules/types.js'
import {captureStage} from './capture.js'
import {clusterStage, upstreamStage} from './cluster.js'
import {type Conn, type HopEnd, reset} from './connection.js'
import {filterChainStage} from './filter-chain.js'
import {firewallStage} from './firewall.js'
import {codecStage, rbacStage, routeActionStage, routeStage, routeTimeoutStage} from './http.js'
import {inspectStage, listenerStage} from './listener.js'
import type {Recorded} from './recorded.js'
import {dnsStage} from './resolve-name.js'
import type {Hop, NearMiss, Outcome, Trace} from './types.js'

export interface TraceOptions {
  /** How long the real destination takes to answer. */
  upstreamDelaySeconds?: number
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

/**
 * The proxy's decision list, stage by stage: each stage is a pure function that returns its decision and
 * what it leaves in the trace; the walk records that in one place (record) and follows the connection.
 */
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
    const accepted = this.record(hop, listenerStage(proxy, conn, listenPort))
    if ('end' in accepted) return accepted.end
    const {attrs} = this.record(hop, inspectStage(accepted.listener, conn))
    const selected = this.record(hop, filterChainStage(proxy, accepted.listener, attrs, conn))
    if ('end' in selected) return selected.end
    const chain = selected.chain
    if (chain.downstreamTls) {
      if (conn.bytes !== 'tls') return {outcome: reset(conn, 'DPE', {code: 'TLS_EXPECTED', chain: chain.name}), decided: chain.origin}
      conn = {...conn, bytes: conn.http ? 'http' : 'tcp', sni: undefined, alpn: conn.http ? ['http/1.1'] : []}
    }
    if (chain.action.kind === 'tcp_proxy') {
      if (chain.authorization) {
        const denied = this.record(hop, rbacStage(this.table.client, proxy, chain, conn, undefined)).end
        if (denied) return denied
      }
      return this.toCluster(proxy, hop, conn, chain.action.cluster, false, chain.origin, undefined)
    }
    return this.http(proxy, hop, conn, chain, chain.action.routeConfig)
  }

  private http(proxy: Proxy, hop: Hop, conn: Conn, chain: FilterChain, rcName: string): HopEnd {
    const decoded = this.record(hop, codecStage(proxy, chain, conn))
    if ('end' in decoded) return decoded.end
    if (chain.authorization) {
      const denied = this.record(hop, rbacStage(this.table.client, proxy, chain, conn, decoded.req)).end
      if (denied) return denied
    }
    const routed = this.record(hop, routeStage(proxy, chain, rcName, decoded.req))
    if ('end' in routed) return routed.end
    const route = routed.route
    const action = this.record(hop, routeActionStage(route))
    if ('end' in action) return action.end
    const end = this.toCluster(proxy, hop, conn, action.cluster, true, route.origin, route)
    if (!('upstream' in end)) return end
    const timedOut = this.record(hop, routeTimeoutStage(proxy, route, end.upstream.conn, this.opts.upstreamDelaySeconds ?? 0, this.elapsed)).end
    return timedOut ?? end
  }

  private toCluster(proxy: Proxy, hop: Hop, conn: Conn, name: string, viaHttp: boolean, decided: Origin, route: Route | undefined): HopEnd {
    const picked = this.record(hop, clusterStage(this.table, proxy, conn, name, viaHttp, decided, route))
    if ('end' in picked) return picked.end
    const blocked = this.record(hop, firewallStage(conn.from, picked.dst)).dropped
    if (blocked) {
      const attempts = viaHttp ? 1 + (route?.retries?.attempts ?? 0) : 1
      return {outcome: this.connectTimeout(conn, viaHttp, picked.cluster.connectTimeoutSeconds ?? CONNECT_TIMEOUT_DEFAULT, attempts - 1), decided: blocked}
    }
    return this.record(hop, upstreamStage(this.table, proxy, conn, picked, viaHttp, decided)).end
  }

  private connectTimeout(conn: Conn, viaHttp: boolean, seconds: number, retries: number): Outcome {
    const after = this.elapsed + seconds * (1 + retries)
    if (viaHttp) return {verdict: 'deny', by: 'proxy', status: 503, responseFlag: 'UF', afterSeconds: after, because: {code: 'CONNECT_TIMEOUT', seconds, attempts: 1 + retries}}
    return {verdict: 'deny', by: 'kernel', curlExit: 28, afterSeconds: after, because: {code: 'SYN_DROPPED'}}
  }
}

/** How a later hop's outcome reaches the client through the previous proxy. */
function relayed(outcome: Outcome, viaHttp: boolean): Outcome {
  if (outcome.verdict !== 'deny' || outcome.status !== undefined || !viaHttp) return outcome
  // The previous proxy spoke HTTP to the gateway: a refused or reset upstream becomes its own 503.
  return {verdict: 'deny', by: 'proxy', status: 503, responseFlag: 'UF', afterSeconds: outcome.afterSeconds, because: {code: 'UPSTREAM_RESET', cause: outcome.because.code}}
}
