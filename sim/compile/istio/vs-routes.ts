import type {HttpMatchRequest, HttpRoute, L4Match, RouteDestination, StringMatchSpec, VirtualServiceSpec} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {HeaderMatch, Route, RouteAction, RouteMatch, StringMatch} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {parseDuration} from './duration.js'
import {usesGatewaySemantics} from './gateway-api/derived.js'
import {resolveShortName} from './hosts.js'
import {DEFAULT_ROUTE, clusterName} from './names.js'
import {boundGateways} from './sidecar-scope.js'

/** Who is asking: the port the routes are built for and the static match predicates of the proxy. */
export interface RouteContext {
  /** Service port (sidecar) or Gateway server port, compared with `match.port`. */
  port: number
  /** "mesh" for sidecars; "NS/NAME" of the Gateways a gateway server belongs to. */
  gateways: string[]
  namespace: string
  labels: Record<string, string>
  /** Ports of a destination host, to default `destination.port` when the service has just one. */
  portsOf: (host: string) => number[]
  /**
   * The external name of a destination that is an ExternalName alias known on this port: routes to it
   * go to that host's clusters (istio route/route.go GetDestinationCluster, one hop only).
   */
  externalNameOf?: (host: string) => string | undefined
}

/** Istio's default retry policy for VirtualService routes (istio pilot/pkg/networking/core/route/retry/retry.go). */
const DEFAULT_RETRIES = {attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes'}

/**
 * Static predicates decided when the config is built (istio pilot/pkg/networking/core/route/route.go
 * translateRoute): port, gateways, sourceLabels, sourceNamespace. A match that fails one is dropped.
 */
export function staticMatch(m: HttpMatchRequest | L4Match, vs: Resource<VirtualServiceSpec>, ctx: RouteContext): boolean {
  if (m.port !== undefined && m.port !== ctx.port) return false
  const gateways = m.gateways?.length ? boundGateways(m.gateways, vs.metadata.namespace) : boundGateways(vs.spec.gateways, vs.metadata.namespace)
  if (!gateways.some((g) => ctx.gateways.includes(g))) return false
  if (m.sourceNamespace !== undefined && m.sourceNamespace !== ctx.namespace) return false
  return Object.entries(m.sourceLabels ?? {}).every(([k, v]) => ctx.labels[k] === v)
}

/**
 * The routes a VirtualService's `http` rules give on one port, in order (first match wins). A rule
 * whose matches all fail statically is skipped; a rule without matches is a catch-all. Empty ⇒ the
 * VirtualService does not apply on this port.
 */
export function httpRoutes(vs: Resource<VirtualServiceSpec>, ctx: RouteContext): Route[] {
  const out: Route[] = []
  ;(vs.spec.http ?? []).forEach((rule, i) => {
    const matches = rule.match?.length ? rule.match.map((m, j) => ({m, j})).filter(({m}) => staticMatch(m, vs, ctx)) : [{m: undefined, j: -1}]
    if (rule.match?.length && matches.length === 0) return
    if (!rule.match?.length && !staticMatch({}, vs, ctx)) return
    const gatewaySemantics = usesGatewaySemantics(vs)
    for (const {m, j} of matches) {
      out.push({
        name: routeName(vs, rule, i, m),
        match: m ? routeMatch(m, gatewaySemantics) : {path: {kind: 'prefix', value: '/'}, headers: []},
        action: routeAction(vs, rule, ctx),
        // Gateway API: "return 500 for invalid backends" (istio route.go applyHTTPRouteDestination).
        ...(gatewaySemantics ? {clusterNotFoundStatus: 500} : {}),
        ...timeoutAndRetries(rule),
        ...(rule.fault ? {fault: fault(rule)} : {}),
        origin: originAt(vs, 'spec', 'http', i, ...(j >= 0 ? ['match', j] : [])),
      })
    }
  })
  return out
}

function routeName(vs: Resource, rule: HttpRoute, i: number, m: HttpMatchRequest | undefined): string {
  const base = rule.name ?? `${vs.metadata.namespace}/${vs.metadata.name} http[${i}]`
  return m?.name ? `${base}.${m.name}` : base
}

function stringMatch(s: StringMatchSpec, caseSensitive = true): StringMatch | undefined {
  const extra = caseSensitive ? {} : {caseSensitive: false}
  if (s.exact !== undefined) return {kind: 'exact', value: s.exact, ...extra}
  if (s.prefix !== undefined) return {kind: 'prefix', value: s.prefix, ...extra}
  if (s.regex !== undefined) return s.regex === '*' ? {kind: 'present', value: ''} : {kind: 'regex', value: s.regex, mode: 'full'}
  // An empty StringMatch only asks that the header be present (istio route.go translateHeaderMatch).
  return {kind: 'present', value: ''}
}

/**
 * istio route.go translateRouteMatch: uri → path, method/authority/scheme → pseudo-headers. A prefix of a
 * route with gateway semantics (other than "/") becomes path_separated_prefix without its trailing "/".
 */
function routeMatch(m: HttpMatchRequest, gatewaySemantics: boolean): RouteMatch {
  const headers: HeaderMatch[] = []
  // withoutHeaders: inverted, and treat_missing_header_as_empty unless it is a presence match (route.go
  // TranslateRouteMatch, canBeConvertedToPresentMatch; Istio ≥1.22).
  const header = (name: string, s: StringMatchSpec | undefined, invert = false) => {
    const match = s && stringMatch(s)
    if (match) headers.push({name, match, ...(invert ? {invert, ...(match.kind === 'present' ? {} : {treatMissingAsEmpty: true})} : {})})
  }
  for (const [name, s] of Object.entries(m.headers ?? {})) header(name.toLowerCase(), s)
  for (const [name, s] of Object.entries(m.withoutHeaders ?? {})) header(name.toLowerCase(), s, true)
  header(':method', m.method)
  header(':authority', m.authority)
  header(':scheme', m.scheme)
  const queryParameters = Object.entries(m.queryParams ?? {}).map(([name, s]) => ({name, match: stringMatch(s) as StringMatch}))
  const written = m.uri ? stringMatch(m.uri, !(m.ignoreUriCase && !m.uri.regex)) : undefined
  const separated = gatewaySemantics && written?.kind === 'prefix' && written.value !== '/'
  const path = separated ? {...written, value: written.value.replace(/\/$/, ''), pathSeparated: true} : written
  return {...(path && path.kind !== 'present' ? {path} : {}), headers, ...(queryParameters.length ? {queryParameters} : {})}
}

/** Destination → cluster name: port from the destination, else the service's only port, else the listener's. */
function destinationCluster(d: RouteDestination['destination'], vsNamespace: string, ctx: RouteContext): string {
  const host = resolveShortName(d?.host ?? '', vsNamespace)
  const ports = ctx.portsOf(host)
  const port = d?.port?.number ?? (ports.length === 1 ? ports[0] : ctx.port)
  return clusterName(port, d?.subset ?? '', ctx.externalNameOf?.(host) ?? host)
}

export function weightedClusters(route: RouteDestination[] | undefined, vsNamespace: string, ctx: RouteContext): Array<{name: string; weight: number}> {
  const list = route ?? []
  return list.map((r) => ({name: destinationCluster(r.destination, vsNamespace, ctx), weight: r.weight ?? (list.length === 1 ? 100 : 0)})).filter((c) => c.weight > 0)
}

function routeAction(vs: Resource, rule: HttpRoute, ctx: RouteContext): RouteAction {
  if (rule.directResponse) return {kind: 'direct_response', status: rule.directResponse.status}
  if (rule.redirect) {
    const r = rule.redirect
    const location = `${r.scheme ? r.scheme + '://' : ''}${r.authority ?? ''}${r.port ? ':' + r.port : ''}${r.uri ?? ''}`
    return {kind: 'redirect', status: r.redirectCode ?? 301, location}
  }
  return {kind: 'cluster', clusters: weightedClusters(rule.route, vs.metadata.namespace, ctx)}
}

function timeoutAndRetries(rule: HttpRoute): Pick<Route, 'timeoutSeconds' | 'retries'> {
  const timeoutSeconds = parseDuration(rule.timeout) ?? 0
  if (rule.retries?.attempts === 0) return {timeoutSeconds}
  if (!rule.retries) return {timeoutSeconds, retries: DEFAULT_RETRIES}
  const perTry = parseDuration(rule.retries.perTryTimeout)
  return {
    timeoutSeconds,
    retries: {
      attempts: rule.retries.attempts ?? DEFAULT_RETRIES.attempts,
      retryOn: rule.retries.retryOn ?? DEFAULT_RETRIES.retryOn,
      ...(perTry !== null ? {perTryTimeoutSeconds: perTry} : {}),
    },
  }
}

/** An unset percentage aborts or delays nothing (istio/api virtual_service.proto, route.go TranslateFault). */
function fault(rule: HttpRoute): NonNullable<Route['fault']> {
  const {abort, delay} = rule.fault ?? {}
  return {
    ...(abort?.httpStatus !== undefined ? {abort: {status: abort.httpStatus, percent: abort.percentage?.value ?? 0}} : {}),
    ...(delay?.fixedDelay ? {delay: {seconds: parseDuration(delay.fixedDelay) ?? 0, percent: delay.percentage?.value ?? delay.percent ?? 0}} : {}),
  }
}

/** The default route of a service without a VirtualService (istio httproute.go, route.go BuildDefaultHTTPOutboundRoute). */
export function defaultRoute(cluster: string, origin: Route['origin']): Route {
  return {
    name: DEFAULT_ROUTE,
    match: {path: {kind: 'prefix', value: '/'}, headers: []},
    action: {kind: 'cluster', clusters: [{name: cluster, weight: 100}]},
    timeoutSeconds: 0,
    retries: DEFAULT_RETRIES,
    origin,
  }
}
