import type {HttpRequest} from '../request/types.js'
import {pipySearch} from '../rules/pipy-regex.js'
import {re2FullMatch} from '../rules/re2.js'
import type {HeaderMatch, Route, StringMatch} from '../rules/types.js'
import type {Mismatch} from './types.js'

/**
 * Envoy route matching: the first route (in order) whose path, every header and every query parameter
 * matcher hold. Envoy compares exact, prefix and regex paths with the query string and fragment removed
 * (envoy source/common/common/matchers.cc PathMatcher::match → PathUtil::removeQueryAndFragment, used by
 * Prefix/Path/RegexRouteEntryImpl since envoyproxy/envoy#10010, v1.14); Pipy tests `head.path`, query
 * included (osm-edge outbound-http-routing.js).
 */
export function routeMismatches(route: Route, req: HttpRequest): Mismatch[] {
  const out: Mismatch[] = []
  const path = route.match.pathIncludesQuery ? req.path : req.path.replace(/[?#].*$/s, '')
  if (route.match.path && !stringMatches(route.match.path, path)) out.push({field: 'path', wanted: describe(route.match.path), got: path})
  const query = route.match.queryParameters?.length ? queryParameters(req.path) : new Map<string, string>()
  for (const q of route.match.queryParameters ?? []) {
    const value = query.get(q.name)
    if (value === undefined || !stringMatches(q.match, value)) out.push({field: `query ${q.name}`, wanted: describe(q.match), got: value ?? 'absent'})
  }
  for (const h of route.match.headers) {
    const value = headerValue(req, h.name)
    if (!headerMatches(h, value)) out.push({field: `header ${h.name}`, wanted: (h.invert ? 'not ' : '') + describe(h.match), got: value ?? 'absent'})
  }
  return out
}

export function matchRoute(routes: readonly Route[], req: HttpRequest): Route | null {
  return routes.find((r) => routeMismatches(r, req).length === 0) ?? null
}

/**
 * envoy source/common/http/header_utility.cc HeaderUtility::matchHeaders: an absent header fails every
 * matcher, inverted or not, except a presence matcher (inverted: "absent" holds) — unless the matcher has
 * treat_missing_header_as_empty, which matches the empty string instead, then inverts.
 */
function headerMatches(h: HeaderMatch, value: string | undefined): boolean {
  if (value === undefined && !h.treatMissingAsEmpty) return h.match.kind === 'present' && Boolean(h.invert)
  const matched = h.match.kind === 'present' || stringMatches(h.match, value ?? '')
  return matched !== Boolean(h.invert)
}

/**
 * envoy source/common/http/utility.cc QueryParamsMulti::parseQueryString: everything after the first "?",
 * split on "&" and the first "=", not percent-decoded; a name without "=" has the empty value; the first
 * value of a name is the one matched (config_utility.cc QueryParameterMatcher::matches).
 */
function queryParameters(path: string): Map<string, string> {
  const params = new Map<string, string>()
  const start = path.indexOf('?')
  if (start < 0) return params
  for (const param of path.slice(start + 1).split('&')) {
    const eq = param.indexOf('=')
    const [name, value] = eq < 0 ? [param, ''] : [param.slice(0, eq), param.slice(eq + 1)]
    if (!params.has(name)) params.set(name, value)
  }
  return params
}

function headerValue(req: HttpRequest, name: string): string | undefined {
  if (name === ':method') return req.method
  if (name === ':authority' || name === 'host') return req.authority
  if (name === ':path') return req.path
  return req.headers[name.toLowerCase()]
}

/**
 * One string matcher. Envoy ignores case_sensitive for safe_regex (route_components.proto RouteMatch
 * case_sensitive) and matches it with RE2::FullMatch; 'search' is Pipy's std::regex search.
 */
export function stringMatches(m: StringMatch, value: string): boolean {
  switch (m.kind) {
    case 'present':
      return true
    case 'exact':
      return m.caseSensitive === false ? value.toLowerCase() === m.value.toLowerCase() : value === m.value
    case 'prefix': {
      const [v, want] = m.caseSensitive === false ? [value.toLowerCase(), m.value.toLowerCase()] : [value, m.value]
      return m.pathSeparated ? v === want || v.startsWith(want + '/') : v.startsWith(want)
    }
    case 'regex':
      return m.mode === 'search' ? pipySearch(m.value, value) : re2FullMatch(m.value, value)
  }
}

function describe(m: StringMatch): string {
  if (m.kind === 'regex') return `${m.mode === 'search' ? 'contains match of' : 'matches'} /${m.value}/`
  if (m.kind === 'present') return 'present'
  return `${m.kind} ${m.value}`
}
