import type {BackendRef, GrpcRouteSpec, HttpRouteMatch, HttpRouteRule, HttpRouteSpec, ParentReference, TcpRouteSpec, TlsRouteSpec} from '../../../../src/model/gateway-api.js'
import type {HttpMatchRequest, HttpRoute, RouteDestination, StringMatchSpec, TcpRoute, TlsRoute, VirtualServiceSpec} from '../../../../src/model/istio.js'
import type {Resource} from '../../../../src/model/resource.js'
import type {ModelSet} from '../../../../src/model/set.js'
import type {Origin} from '../../../rules/types.js'
import {originAt} from '../../locate.js'
import {ofKind} from '../../select.js'
import {hostIntersection} from '../hosts.js'
import {serviceFqdn} from '../names.js'
import {byCreation} from '../services.js'
import {resolveBackend, type RouteError} from './backends.js'
import {derivedResource, ROUTE_SEMANTICS} from './derived.js'
import {GATEWAY_API_GROUP} from './gateways.js'
import {resolveParents, type ParentDenial, type ResolvedParent} from './parents.js'

/** One condition istiod writes on a route's status.parents[] entry. */
export interface RouteCondition {
  type: 'Accepted' | 'ResolvedRefs'
  status: 'True' | 'False'
  reason: string
  message: string
}

export interface RouteStatus {
  route: Resource
  /** The parentRef this entry is about (index into spec.parentRefs). */
  parentIndex: number
  parentRef: ParentReference
  conditions: RouteCondition[]
}

/** One converted rule (or rule × match) with the place it came from. */
interface Converted<T> {
  route: T
  origin: Origin
  matchOrigin?: Origin
}

export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute']

const weight = (b: BackendRef) => b.weight ?? 1

/** A backend list as weighted destinations; one backend gets weight 0, which Istio reads as "all" (conversion.go buildHTTPDestination). */
function destinations(set: ModelSet, refs: BackendRef[], route: Resource, enforceRefGrant: boolean): {route: RouteDestination[]; error?: RouteError} {
  const live = refs.filter((b) => weight(b) > 0)
  let error: RouteError | undefined
  const out: RouteDestination[] = []
  for (const b of live) {
    const resolved = resolveBackend(set, b, route.kind, route.metadata.namespace, enforceRefGrant)
    if (resolved.error) error = resolved.error
    if (!resolved.destination) return {route: [], error}
    const {host, port} = resolved.destination
    out.push({destination: {host, ...(port ? {port: {number: port}} : {})}, ...(live.length > 1 ? {weight: weight(b)} : {})})
  }
  return {route: out, ...(error ? {error} : {})}
}

/** istio conversion.go createURIMatch: PathPrefix "/" matches everything; a trailing "/" is not significant. */
function uriMatch(m: HttpRouteMatch): StringMatchSpec | undefined {
  const path = m.path ?? {type: 'PathPrefix', value: '/'}
  const value = path.value ?? '/'
  if ((path.type ?? 'PathPrefix') === 'PathPrefix') return {prefix: value}
  if (path.type === 'Exact') return {exact: value}
  return {regex: value}
}

function httpMatch(m: HttpRouteMatch): HttpMatchRequest {
  const headers = Object.fromEntries((m.headers ?? []).map((h) => [h.name.toLowerCase(), h.type === 'RegularExpression' ? {regex: h.value} : {exact: h.value}]))
  const queryParams = Object.fromEntries((m.queryParams ?? []).map((q) => [q.name, q.type === 'RegularExpression' ? {regex: q.value} : {exact: q.value}]))
  const uri = uriMatch(m)
  return {
    ...(uri ? {uri} : {}),
    ...(Object.keys(headers).length ? {headers} : {}),
    ...(Object.keys(queryParams).length ? {queryParams} : {}),
    ...(m.method ? {method: {exact: m.method}} : {}),
  }
}

/** istio conversion.go createGRPCURIMatch: /service/method exact, /service/ prefix, or a regex on the method. */
function grpcMatch(m: NonNullable<NonNullable<GrpcRouteSpec['rules']>[number]['matches']>[number]): HttpMatchRequest {
  const {service, method, type} = m.method ?? {}
  if (!service && !method) return {}
  if (type === 'RegularExpression') return {uri: {regex: `/${service || '[^/]+'}/${method || '.+'}`}}
  if (service && method) return {uri: {exact: `/${service}/${method}`}}
  if (service) return {uri: {prefix: `/${service}/`}}
  return {uri: {regex: `/[^/]+/${method}`}}
}

/** istio conversion.go convertHTTPRoute: one Istio route per rule × match, named NS.NAME.RULE unless the rule is named. */
function convertHttpRule(
  set: ModelSet,
  route: Resource,
  rule: HttpRouteRule & {matches?: Array<HttpMatchRequest | HttpRouteMatch>},
  i: number,
  matches: HttpMatchRequest[],
  mesh: boolean,
): {routes: Array<Converted<HttpRoute>>; error?: RouteError} {
  const name = rule.name ?? `${route.metadata.namespace}.${route.metadata.name}.${i}`
  const origin = originAt(route, 'spec', 'rules', i)
  const redirect = (rule.filters ?? []).find((f) => f.type === 'RequestRedirect')?.requestRedirect
  const unsupported = (rule.filters ?? []).find(
    (f) => !['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'RequestMirror', 'URLRewrite', 'CORS'].includes(f.type),
  )
  if (unsupported) return {routes: [], error: {reason: 'InvalidFilter', hard: true, message: `unsupported filter type "${unsupported.type}"`}}
  const base: HttpRoute = {name}
  let error: RouteError | undefined
  if (redirect) {
    base.redirect = {
      ...(redirect.scheme ? {scheme: redirect.scheme} : {}),
      ...(redirect.hostname ? {authority: redirect.hostname} : {}),
      ...(redirect.port ? {port: redirect.port} : {}),
      redirectCode: redirect.statusCode ?? 302,
    }
  } else if ((rule.backendRefs ?? []).reduce((s, b) => s + weight(b), 0) === 0) {
    // "when there are no >0 weight backends return 500" (Gateway API spec, as istiod writes it).
    base.directResponse = {status: 500}
  } else {
    const d = destinations(set, rule.backendRefs ?? [], route, !mesh)
    if (d.error?.hard) return {routes: [], error: d.error}
    base.route = d.route
    error = d.error
  }
  const timeout = rule.timeouts?.request ?? rule.timeouts?.backendRequest
  if (timeout && timeout !== '0s') base.timeout = timeout
  const list = matches.length ? matches : [undefined]
  return {
    routes: list.map((m, j) => ({route: {...base, ...(m ? {match: [m]} : {})}, origin, ...(m ? {matchOrigin: originAt(route, 'spec', 'rules', i, 'matches', j)} : {})})),
    ...(error ? {error} : {}),
  }
}

function uriRank(m: HttpMatchRequest | undefined): [number, number] {
  const u = m?.uri
  if (!u) return [-1, 0]
  if (u.exact !== undefined) return [3, u.exact.length]
  if (u.prefix !== undefined) return [2, u.prefix.length]
  return [1, (u.regex ?? '').length]
}

/** istio conversion.go sortHTTPRoutes: Exact > Prefix > Regex, longer first, then method, headers, query params; no match last. */
function sortHttpRoutes(routes: Array<Converted<HttpRoute>>): Array<Converted<HttpRoute>> {
  return routes
    .map((r, i) => ({r, i}))
    .sort((a, b) => {
      const m1 = a.r.route.match?.[0]
      const m2 = b.r.route.match?.[0]
      if (!m1 || !m2) return !m1 && !m2 ? a.i - b.i : !m1 ? 1 : -1
      const [r1, l1] = uriRank(m1)
      const [r2, l2] = uriRank(m2)
      if (r1 !== r2) return r2 - r1
      if (l1 !== l2) return l2 - l1
      if (Boolean(m1.method) !== Boolean(m2.method)) return m1.method ? -1 : 1
      const h = Object.keys(m2.headers ?? {}).length - Object.keys(m1.headers ?? {}).length
      if (h !== 0) return h
      const q = Object.keys(m2.queryParams ?? {}).length - Object.keys(m1.queryParams ?? {}).length
      return q !== 0 ? q : a.i - b.i
    })
    .map((x) => x.r)
}

function httpRules(set: ModelSet, route: Resource, mesh: boolean): {routes: Array<Converted<HttpRoute>>; error?: RouteError} {
  let error: RouteError | undefined
  const routes: Array<Converted<HttpRoute>> = []
  if (route.kind === 'GRPCRoute') {
    for (const [i, rule] of ((route.spec as GrpcRouteSpec).rules ?? []).entries()) {
      const r = convertHttpRule(set, route, {name: rule.name, backendRefs: rule.backendRefs}, i, (rule.matches ?? []).map(grpcMatch), mesh)
      if (r.error) error = r.error
      if (r.error?.hard) return {routes: [], error}
      routes.push(...r.routes)
    }
  } else {
    for (const [i, rule] of ((route.spec as HttpRouteSpec).rules ?? []).entries()) {
      const r = convertHttpRule(set, route, rule, i, (rule.matches ?? []).map(httpMatch), mesh)
      if (r.error) error = r.error
      if (r.error?.hard) return {routes: [], error}
      routes.push(...r.routes)
    }
  }
  return {routes, ...(error ? {error} : {})}
}

function l4Rules(set: ModelSet, route: Resource, mesh: boolean): {routes: Array<Converted<RouteDestination[]>>; error?: RouteError} {
  let error: RouteError | undefined
  const routes: Array<Converted<RouteDestination[]>> = []
  for (const [i, rule] of ((route.spec as TlsRouteSpec | TcpRouteSpec).rules ?? []).entries()) {
    const refs = rule.backendRefs ?? []
    // No >0 weight backend: istiod routes to a cluster that does not exist, so the connection is refused.
    const d =
      refs.reduce((s, b) => s + weight(b), 0) === 0
        ? {route: [{destination: {host: 'internal.cluster.local', subset: 'zero-weight', port: {number: 65535}}}]}
        : destinations(set, refs, route, !mesh)
    if ('error' in d && d.error) error = d.error
    if (error?.hard) return {routes: [], error}
    routes.push({route: d.route, origin: originAt(route, 'spec', 'rules', i)})
  }
  return {routes, ...(error ? {error} : {})}
}

/** What istiod writes on status.parents[] for one parentRef (conditions.go createRouteStatus): the best section wins. */
function statusFor(route: Resource, parentIndex: number, results: ResolvedParent[], error: RouteError | undefined): RouteStatus {
  const ok = results.filter((r) => !r.denied)
  const denial: ParentDenial | undefined = ok.length ? undefined : mostSevere(results.map((r) => r.denied!))
  const accepted: RouteCondition = denial
    ? {type: 'Accepted', status: 'False', reason: denial.reason, message: denial.message}
    : {type: 'Accepted', status: 'True', reason: 'Accepted', message: ok.length > 1 ? `Route was valid, bound to ${ok.length} parents` : 'Route was valid'}
  const resolved: RouteCondition = error
    ? {type: 'ResolvedRefs', status: 'False', reason: error.reason, message: error.message}
    : {type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'All references resolved'}
  const parentRef = ((route.spec as {parentRefs?: ParentReference[]}).parentRefs ?? [])[parentIndex]
  return {route, parentIndex, parentRef, conditions: [accepted, resolved]}
}

/** Ranks from conditions.go: NotAllowed < NoHostname < NotAccepted; equal ranks join their messages. */
function mostSevere(denials: ParentDenial[]): ParentDenial {
  const rank = (d: ParentDenial) => ({NotAllowedByListeners: 1, NoMatchingListenerHostname: 2, NoMatchingParent: 4})[d.reason]
  let best = denials[0]
  for (const d of denials.slice(1)) {
    if (rank(d) < rank(best)) best = d
    else if (rank(d) === rank(best)) best = {...best, message: `${best.message}; ${d.message}`}
  }
  return best
}

export interface ConvertedRoutes {
  virtualServices: Resource<VirtualServiceSpec>[]
  statuses: RouteStatus[]
}

interface HttpGroup {
  namespace: string
  host: string
  gateway: string
  routes: Array<Converted<HttpRoute>>
  first: Resource
  hostOrigin: Origin
}

/**
 * Every Gateway API route of the input as the VirtualServices istiod generates (pilot/pkg/config/kube/gateway
 * route_collections.go): HTTP and gRPC routes merged per parent and host (mergeHTTPRoutes), TLS and TCP routes one
 * per parent and host, each marked with gateway route semantics; plus the status istiod writes on each route.
 */
export function convertRoutes(set: ModelSet): ConvertedRoutes {
  const statuses: RouteStatus[] = []
  const virtualServices: Resource<VirtualServiceSpec>[] = []
  const httpGroups = new Map<string, HttpGroup>()
  const all = byCreation(
    ROUTE_KINDS.flatMap((k) => ofKind(set, k, GATEWAY_API_GROUP)),
    (r) => r,
  )
  for (const route of all) {
    const spec = route.spec as {parentRefs?: ParentReference[]; hostnames?: string[]}
    const parents = resolveParents(set, route, route.kind, spec.parentRefs ?? [], spec.hostnames ?? [])
    const isHttp = route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute'
    const mesh = isHttp ? httpRules(set, route, true) : l4Rules(set, route, true)
    const gateway = isHttp ? httpRules(set, route, false) : l4Rules(set, route, false)
    for (const index of new Set(parents.map((p) => p.index))) {
      const results = parents.filter((p) => p.index === index)
      statuses.push(statusFor(route, index, results, results[0].kind === 'mesh' ? mesh.error : gateway.error))
    }
    let count = 0
    for (const parent of parents.filter((p) => !p.denied)) {
      const isMesh = parent.kind === 'mesh'
      const hosts = isMesh ? meshHosts(parent) : spec.hostnames?.length ? spec.hostnames : ['*']
      const hostOrigin = isMesh ? originAt(route, 'spec', 'parentRefs', parent.index) : originAt(route, 'spec', spec.hostnames?.length ? 'hostnames' : 'parentRefs')
      const gatewayName = isMesh ? 'mesh' : parent.parent.internalName
      if (isHttp) {
        const key = isMesh ? `${route.metadata.namespace}${parent.port ? `/${parent.port}` : ''}` : gatewayName
        const routes = (isMesh ? mesh : gateway).routes as Array<Converted<HttpRoute>>
        const withPort = isMesh && parent.port ? routes.map((r) => ({...r, route: {...r.route, match: (r.route.match ?? [{}]).map((m) => ({...m, port: parent.port}))}})) : routes
        for (const host of hosts) {
          const groupKey = `${key}/${host}`
          const group = httpGroups.get(groupKey) ?? {namespace: route.metadata.namespace, host, gateway: gatewayName, routes: [], first: route, hostOrigin}
          httpGroups.set(groupKey, group)
          group.routes.push(...withPort)
        }
        continue
      }
      const routes = (isMesh ? mesh : gateway).routes as Array<Converted<RouteDestination[]>>
      for (const host of hosts) {
        const listenerHost = isMesh ? '' : parent.parent.originalHostname
        const vsHost = listenerHost ? hostIntersection(host, listenerHost) : host
        if (!vsHost) continue
        virtualServices.push(
          l4VirtualService(
            route,
            `${route.metadata.name}~${route.kind === 'TLSRoute' ? 'tls' : 'tcp'}~${count++}~istio-autogenerated-k8s-gateway`,
            vsHost,
            gatewayName,
            routes,
            hostOrigin,
            isMesh ? meshSni(route, parent, host) : (spec.hostnames ?? ['*']),
            isMesh ? parent.port : undefined,
          ),
        )
      }
    }
  }
  for (const [key, group] of httpGroups) virtualServices.push(httpVirtualService(key, group))
  return {virtualServices, statuses}
}

/** A mesh parent's hosts: every host of the ServiceEntry, or the Service's FQDN (route_collections.go). */
function meshHosts(parent: Extract<ResolvedParent, {kind: 'mesh'}>): string[] {
  return parent.target === 'ServiceEntry' ? (parent.serviceEntry?.spec?.hosts ?? []) : [serviceFqdn(parent.name, parent.namespace)]
}

/** TLSRoute on the mesh: its hostnames as SNI, else the parent's hosts (augmentTLSPortMatch), narrowed to the VirtualService host (compatibleRoutesForHost). */
function meshSni(route: Resource, parent: Extract<ResolvedParent, {kind: 'mesh'}>, host: string): string[] {
  const written = (route.spec as TlsRouteSpec).hostnames ?? []
  const sni = written.length ? written : meshHosts(parent)
  if (sni.length <= 1) return sni
  return sni.filter((h) => hostIntersection(host, h) !== null)
}

function httpVirtualService(key: string, group: HttpGroup): Resource<VirtualServiceSpec> {
  const sorted = sortHttpRoutes(group.routes)
  const origins = new Map<string, Origin>([
    ['', group.routes[0]?.origin ?? originAt(group.first)],
    ['/spec/hosts', group.hostOrigin],
  ])
  sorted.forEach((r, i) => {
    origins.set(`/spec/http/${i}`, r.origin)
    if (r.matchOrigin) origins.set(`/spec/http/${i}/match/0`, r.matchOrigin)
  })
  const name = key.replace(/\//g, '~')
  const spec: VirtualServiceSpec = {hosts: [group.host], gateways: [group.gateway], http: sorted.map((r) => r.route)}
  return derivedResource(group.first, 'VirtualService', 'networking.istio.io/v1', {name, namespace: group.namespace, annotations: {[ROUTE_SEMANTICS]: 'gateway'}}, spec, origins)
}

function l4VirtualService(
  route: Resource,
  name: string,
  host: string,
  gateway: string,
  rules: Array<Converted<RouteDestination[]>>,
  hostOrigin: Origin,
  sni: string[],
  port: number | undefined,
): Resource<VirtualServiceSpec> {
  const origins = new Map<string, Origin>([
    ['', rules[0]?.origin ?? originAt(route)],
    ['/spec/hosts', hostOrigin],
  ])
  const isTls = route.kind === 'TLSRoute'
  rules.forEach((r, i) => {
    origins.set(`/spec/${isTls ? 'tls' : 'tcp'}/${i}`, r.origin)
  })
  const withPort = port ? {port} : {}
  const spec: VirtualServiceSpec = isTls
    ? {hosts: [host], gateways: [gateway], tls: rules.map((r): TlsRoute => ({match: [{sniHosts: sni, ...withPort}], route: r.route}))}
    : {hosts: [host], gateways: [gateway], tcp: rules.map((r): TcpRoute => ({...(port ? {match: [withPort]} : {}), route: r.route}))}
  return derivedResource(route, 'VirtualService', 'networking.istio.io/v1', {name, namespace: route.metadata.namespace, annotations: {[ROUTE_SEMANTICS]: 'gateway'}}, spec, origins)
}
