import type {HttpRequest} from '../request/types.js'
import type {FilterChain, Proxy, Route, Workload} from '../rules/types.js'
import {authorize} from './authorize.js'
import {type Conn, type HopEnd, reset, unsupported} from './connection.js'
import {routeMismatches} from './match-route.js'
import {matchVirtualHost} from './match-virtual-host.js'
import {pipyClosedExit} from './pipy.js'
import {type Recorded, step} from './recorded.js'
import type {Candidate, Outcome, Reason, RuleRef} from './types.js'

/** The HTTP connection manager's codec: the request it decodes, or how it refuses bytes that are not HTTP/1.1. */
export function codecStage(proxy: Proxy, chain: FilterChain, conn: Conn): Recorded & ({req: HttpRequest} | {end: HopEnd}) {
  // Pipy's demuxHTTP ends the stream on bytes it cannot decode (filters/http.cpp Demux::on_decode_error).
  const refuse = (because: Reason): HopEnd => ({
    outcome: proxy.flavor === 'pipy' ? {verdict: 'deny', by: 'proxy', curlExit: pipyClosedExit(conn.bytes), because} : reset(conn, 'DPE', because),
    decided: chain.origin,
  })
  if (conn.bytes === 'tls') return {end: refuse({code: 'TLS_INTO_HTTP', chain: chain.name}), steps: []}
  if (conn.bytes === 'tcp' || !conn.http) return {end: refuse({code: 'NOT_HTTP', chain: chain.name}), steps: []}
  const req = conn.http
  if (req.version === '1.0' && chain.action.kind === 'http' && chain.action.acceptHttp10 === false) {
    // Envoy's HTTP/1 codec answers HTTP/1.0 itself unless http_protocol_options.accept_http_10 is set.
    const end: HopEnd = {outcome: {verdict: 'deny', by: 'proxy', status: 426, because: {code: 'HTTP10_REJECTED', chain: chain.name}}, decided: chain.origin}
    return {end, steps: [step('route-config', null, [], {code: 'HTTP10_REJECTED', chain: chain.name})]}
  }
  return {req, steps: []}
}

/** The chain's RBAC filters; a denial ends the hop (HTTP: 403 "RBAC: access denied"; TCP: the connection is closed). */
export function rbacStage(client: Workload, proxy: Proxy, chain: FilterChain, conn: Conn, req: HttpRequest | undefined): Recorded & {end?: HopEnd} {
  const [namespace, serviceAccount] = client.id.split('/')
  const decision = authorize(chain.authorization ?? [], {
    principal: `cluster.local/ns/${namespace}/sa/${serviceAccount}`,
    namespace,
    port: conn.port,
    ...(req ? {http: {host: req.authority, method: req.method, path: req.path}} : {}),
  })
  if ('unmodelled' in decision)
    return {end: unsupported({code: 'AUTHZ_NOT_MODELLED', policy: decision.policy.name, fields: decision.unmodelled}, decision.policy.origin), steps: []}
  if (decision.allowed) {
    if (!decision.policy) return {steps: []}
    const ref: RuleRef = {proxy: proxy.id, kind: 'filter-chain', name: decision.policy.name, origin: decision.policy.origin}
    return {steps: [step('filter-chain', ref, [], {code: 'AUTHZ_ALLOWED', policy: decision.policy.name})]}
  }
  const because: Reason = {code: decision.because === 'DENY_MATCHED' ? 'AUTHZ_DENY_MATCHED' : 'AUTHZ_NO_ALLOW_MATCHED', policy: decision.policy?.name ?? ''}
  const decided = decision.policy?.origin ?? chain.origin
  const outcome: Outcome = req ? {verdict: 'deny', by: 'proxy', status: 403, because} : reset(conn, '-', because)
  return {end: {outcome, decided}, steps: [step('filter-chain', null, [], because)]}
}

/** The route configuration, virtual host (by :authority) and first matching route of the HTTP connection manager. */
export function routeStage(proxy: Proxy, chain: FilterChain, rcName: string, req: HttpRequest): Recorded & ({route: Route} | {end: HopEnd}) {
  const rc = proxy.routeConfigs[rcName]
  if (!rc) {
    const end: HopEnd = {outcome: {verdict: 'deny', by: 'proxy', status: 404, responseFlag: 'NR', because: {code: 'ROUTE_CONFIG_MISSING', name: rcName}}, decided: chain.origin}
    return {end, steps: [step('route-config', null, [], {code: 'ROUTE_CONFIG_MISSING', name: rcName})]}
  }
  const rcStep = step('route-config', {proxy: proxy.id, kind: 'route-config', name: rc.name, origin: rc.origin}, [], {code: 'ROUTE_CONFIG', name: rc.name})
  const vh = matchVirtualHost(rc, req.authority)
  const vhCandidates: Candidate[] = rc.virtualHosts.map((v) => ({
    rule: {proxy: proxy.id, kind: 'virtual-host', name: v.name, origin: v.origin},
    mismatches: v === vh ? [] : [{field: 'domains', wanted: v.domains.join(','), got: req.authority}],
  }))
  if (!vh) {
    const end: HopEnd = {
      outcome: {verdict: 'deny', by: 'proxy', status: rc.noRouteStatus, ...noRouteFlag(proxy), because: {code: 'NO_VIRTUAL_HOST', authority: req.authority}},
      decided: rc.origin,
    }
    return {end, missed: [vhCandidates], steps: [rcStep, step('virtual-host', null, vhCandidates, {code: 'NO_VIRTUAL_HOST', authority: req.authority})]}
  }
  const vhStep = step('virtual-host', {proxy: proxy.id, kind: 'virtual-host', name: vh.name, origin: vh.origin}, vhCandidates, {code: 'VIRTUAL_HOST', authority: req.authority})
  const routeCandidates: Candidate[] = vh.routes.map((r) => ({rule: routeRef(proxy, r), mismatches: routeMismatches(r, req)}))
  const idx = routeCandidates.findIndex((c) => c.mismatches.length === 0)
  if (idx < 0) {
    const end: HopEnd = {outcome: {verdict: 'deny', by: 'proxy', status: rc.noRouteStatus, ...noRouteFlag(proxy), because: {code: 'NO_ROUTE', path: req.path}}, decided: vh.origin}
    const because: Reason = {code: vh.routes.length === 0 ? 'NO_ROUTES' : 'NO_ROUTE', path: req.path, method: req.method}
    return {end, missed: [routeCandidates], steps: [rcStep, vhStep, step('route', null, routeCandidates, because)]}
  }
  const route = vh.routes[idx]
  return {route, steps: [rcStep, vhStep, step('route', routeRef(proxy, route), routeCandidates, {code: 'ROUTE_MATCHED', path: req.path, method: req.method})]}
}

/** The route's action before any upstream: fault injection, a direct response or redirect, or the one cluster it forwards to. */
export function routeActionStage(route: Route): Recorded & ({cluster: string} | {end: HopEnd}) {
  const fault = route.fault
  if (fault?.abort && fault.abort.percent > 0) {
    if (fault.abort.percent < 100) return {end: unsupported({code: 'PARTIAL_FAULT', percent: fault.abort.percent}, route.origin), steps: []}
    const status = fault.abort.status
    return {end: {outcome: {verdict: 'deny', by: 'proxy', status, responseFlag: 'FI', because: {code: 'FAULT_ABORT', status}}, decided: route.origin}, steps: []}
  }
  let seconds = 0
  if (fault?.delay && fault.delay.percent > 0) {
    if (fault.delay.percent < 100) return {end: unsupported({code: 'PARTIAL_FAULT', percent: fault.delay.percent}, route.origin), steps: []}
    seconds = fault.delay.seconds
  }
  const action = route.action
  const waited = {seconds, steps: []}
  if (action.kind === 'direct_response')
    return {end: {outcome: {verdict: 'deny', by: 'proxy', status: action.status, because: {code: 'DIRECT_RESPONSE', status: action.status}}, decided: route.origin}, ...waited}
  if (action.kind === 'redirect') {
    const because: Reason = {code: 'REDIRECT', status: action.status, location: action.location}
    return {end: {outcome: {verdict: 'deny', by: 'proxy', status: action.status, because}, decided: route.origin}, ...waited}
  }
  const live = action.clusters.filter((c) => c.weight > 0)
  if (live.length !== 1) return {end: unsupported({code: 'WEIGHTED_SPLIT', clusters: live.map((c) => `${c.name} (${c.weight})`)}, route.origin), ...waited}
  return {cluster: live[0].name, ...waited}
}

/** The route's timeout against the destination's answer: past it, the proxy answers 504 (Envoy UT) after forwarding the request. */
export function routeTimeoutStage(proxy: Proxy, route: Route, sent: Conn, delay: number, elapsed: number): Recorded & {end?: HopEnd} {
  const timeout = route.timeoutSeconds
  if (!timeout || timeout <= 0 || delay <= timeout) return {steps: []}
  const because: Reason = {code: 'ROUTE_TIMEOUT', timeout, delay}
  // The request was forwarded; the proxy gave up waiting for the answer, so the bytes reached it.
  const end: HopEnd = {
    outcome: {verdict: 'deny', by: 'proxy', status: 504, responseFlag: 'UT', afterSeconds: elapsed + timeout, because},
    decided: route.origin,
    sentTo: `${sent.host}:${sent.port}`,
  }
  return {end, steps: [step('upstream', routeRef(proxy, route), [], because)]}
}

/** Envoy's access-log flag for "no route"; Pipy's outbound-http-default.js has none. */
function noRouteFlag(proxy: Proxy): {responseFlag?: string} {
  return proxy.flavor === 'pipy' ? {} : {responseFlag: 'NR'}
}

export function routeRef(proxy: Proxy, r: Route): RuleRef {
  return {proxy: proxy.id, kind: 'route', name: r.name, origin: r.origin}
}
