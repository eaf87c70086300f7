import type {EgressSpec, HTTPRouteGroupSpec} from '../../../src/model/osm.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {HeaderMatch, Origin, Route, StringMatch} from '../../rules/types.js'
import {parseCidr} from '../../net/cidr.js'
import {originAt} from '../locate.js'
import {find} from '../select.js'
import {HTTP_ROUTE_GROUP_API_VERSION} from './api.js'
import {hostClusterName} from './names.js'
import {list} from './policies.js'

/** One virtual host's worth of rules: what OSM calls an EgressHTTPRouteConfig. */
export interface HostRoutes {
  host: string
  /** pkg/catalog/egress.go: each host yields [host, host:port], since OSM does not strip ports from Host. */
  hostnames: string[]
  /** The rules before they are split per method (osm-edge merges and sorts them at this level). */
  rules: RuleMatch[]
  routes: Route[]
  /**
   * The policy's valid ipAddresses, as every routing rule carries them (AllowedDestinationIPRanges);
   * empty when the host has no rule. OSM's Envoy generators never read them; osm-edge's Pipy config does.
   */
  allowedIpRanges: Array<{cidr: string; origin: Origin}>
  origin: Origin
}

/** How the sidecar evaluates the SMI match fields: Envoy (OSM) or Pipy (osm-edge). */
export interface RouteDialect {
  /** Envoy safe_regex must match the whole path; Pipy's `new RegExp(p).test()` matches anywhere. */
  regexMode: 'full' | 'search'
  /**
   * Pipy tests the path with its query string and an absent header as "" (osm-edge
   * outbound-http-routing.js: `matchPath(path)` on `head.path`, `v.test(headers[k] || '')`); Envoy does neither.
   */
  pipyInputs: boolean
  /** The :method regex for one sanitised method, "*" included. */
  methodRegex(method: string): string
  /** The matcher for one HTTPRouteGroup header entry. */
  headerMatch(name: string, value: string): HeaderMatch
}

export const ENVOY_ROUTES: RouteDialect = {
  regexMode: 'full',
  pipyInputs: false,
  methodRegex: (m) => (m === '*' ? '.*' : m),
  // route_config.go getHeadersForRoute: a "host" filter becomes :authority; Envoy compares names case-insensitively.
  headerMatch: (name, value) => ({name: name.toLowerCase() === 'host' ? ':authority' : name.toLowerCase(), match: regex(value, 'full')}),
}

/**
 * osm-edge repo/util.go: "*" expands to these methods only (CONNECT and TRACE are left out). Header
 * filters keep the name as written, and outbound-http-routing.js tests `headers[name] || ''` while Pipy's
 * HTTP decoder lower-cases the names it reads (filters/http.cpp read_str_lower): a name written with
 * capitals never finds its header, so the filter tests the empty string.
 */
export const PIPY_ROUTES: RouteDialect = {
  regexMode: 'search',
  pipyInputs: true,
  methodRegex: (m) => (m === '*' ? 'GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS' : m),
  headerMatch: (name, value) => ({
    // The name the trace looks up must never be present either: it says why.
    name: name !== name.toLowerCase() ? `${name} (never sent: Pipy lower-cases header names)` : name === 'host' ? ':authority' : name,
    match: regex(value, 'search'),
    treatMissingAsEmpty: true,
  }),
}

/** One trafficpolicy.HTTPRouteMatch of an Egress: what becomes routes (Envoy) or one route rule (Pipy). */
export interface RuleMatch {
  name: string
  path: string
  methods: string[]
  headers: Array<[string, string]>
  origin: Origin
}

/**
 * pkg/catalog/egress.go buildHTTPRouteConfigs: one virtual host per Egress host, each with the routes of
 * every referenced HTTPRouteGroup, or a wildcard route when none is referenced. A reference whose
 * HTTPRouteGroup is missing still counts as "specified", so the hosts get no route at all (fail closed).
 */
export function hostRoutes(set: ModelSet, egress: Resource<EgressSpec>, port: number, dialect: RouteDialect): HostRoutes[] {
  const {matches, specified} = routeGroupMatches(set, egress)
  const allowed = allowedIpRanges(egress)
  return list(egress.spec?.hosts).map((host, i) => {
    const cluster = hostClusterName(host, port)
    const rules = specified ? matches : [wildcardMatch(originAt(egress, 'spec', 'hosts', i))]
    return {
      host,
      hostnames: [host, `${host}:${port}`],
      rules,
      routes: rules.flatMap((rule) => routesFor(rule, cluster, dialect)),
      allowedIpRanges: rules.length > 0 ? allowed : [],
      origin: originAt(egress, 'spec', 'hosts', i),
    }
  })
}

/**
 * buildHTTPRouteConfigs: the ipAddresses Go's net.ParseCIDR accepts (the others are logged, E2002, and
 * skipped), without duplicates, as written.
 */
function allowedIpRanges(egress: Resource<EgressSpec>): Array<{cidr: string; origin: Origin}> {
  const seen = new Set<string>()
  return list(egress.spec?.ipAddresses).flatMap((cidr, j) => {
    if (typeof cidr !== 'string' || !parseCidr(cidr) || seen.has(cidr)) return []
    seen.add(cidr)
    return [{cidr, origin: originAt(egress, 'spec', 'ipAddresses', j)}]
  })
}

/** trafficpolicy.WildCardRouteMatch: any path, any method. */
export function wildcardMatch(origin: Origin): RuleMatch {
  return {name: 'wildcard', path: '.*', methods: ['*'], headers: [], origin}
}

function routeGroupMatches(set: ModelSet, egress: Resource<EgressSpec>): {matches: RuleMatch[]; specified: boolean} {
  const matches: RuleMatch[] = []
  let specified = false
  list(egress.spec?.matches).forEach((m, k) => {
    if (m?.apiGroup !== HTTP_ROUTE_GROUP_API_VERSION || m.kind !== 'HTTPRouteGroup') return
    specified = true
    const group = decodableRouteGroup(set, egress.metadata.namespace, m.name)
    for (const match of list(group?.spec?.matches)) {
      matches.push({
        name: `${m.name}/${match.name}`,
        path: match.pathRegex || '.*',
        methods: list(match.methods).length > 0 ? match.methods! : ['*'],
        // Duplicate header names: the last one wins (the elements are merged into one map).
        headers: [...new Map(list(match.headers).flatMap((h) => Object.entries(h)))],
        // The Egress's reference is what put the route in this policy, so the verdict names the Egress.
        origin: originAt(egress, 'spec', 'matches', k),
      })
    }
  })
  return {matches, specified}
}

/**
 * The HTTPRouteGroup as OSM's informer would hold it. smi-sdk-go v0.5.0 helpers.go httpHeaders.UnmarshalJSON
 * fails with "incorrect length of keyval" on a header element that is not a single-key map, and OSM then
 * cannot read the object at all.
 */
export function decodableRouteGroup(set: ModelSet, namespace: string, name: string): Resource<HTTPRouteGroupSpec> | undefined {
  const group = find<HTTPRouteGroupSpec>(set, 'HTTPRouteGroup', namespace, name)
  if (!group || group.apiVersion !== HTTP_ROUTE_GROUP_API_VERSION) return undefined
  const singleKey = list(group.spec?.matches).every((m) => list(m?.headers).every((h) => Object.keys(h ?? {}).length === 1))
  return singleKey ? group : undefined
}

/** pkg/envoy/rds/route/route_config.go buildEgressRoutes: one route per sanitised method. */
export function routesFor(rule: RuleMatch, cluster: string, dialect: RouteDialect): Route[] {
  const methods = sanitizeMethods(rule.methods)
  return methods.map((method) => ({
    name: methods.length > 1 ? `${rule.name} ${method}` : rule.name,
    match: {
      path: regex(rule.path, dialect.regexMode),
      headers: [{name: ':method', match: regex(dialect.methodRegex(method), 'full')}, ...rule.headers.map(([n, v]) => dialect.headerMatch(n, v))],
      ...(dialect.pipyInputs ? {pathIncludesQuery: true} : {}),
    },
    action: {kind: 'cluster', clusters: [{name: cluster, weight: 100}]},
    timeoutSeconds: 0,
    origin: rule.origin,
  }))
}

/** route_config.go sanitizeHTTPMethods: drop "", keep the first of duplicates, "*" absorbs the rest. */
function sanitizeMethods(methods: string[]): string[] {
  const kept = [...new Set(methods.filter((m) => m !== ''))]
  return kept.includes('*') ? ['*'] : kept
}

function regex(value: string, mode: 'full' | 'search'): StringMatch {
  return {kind: 'regex', value, mode}
}
