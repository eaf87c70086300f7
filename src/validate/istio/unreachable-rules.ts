import type {Path} from '../schema.js'
import {q} from './hostname.js'
import type {Report} from './report.js'
import {istioAtLeast, type IstioVersion} from '../../../sim/compile/istio/version.js'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * istio pkg/config/validation/validation.go analyzeUnreachableHTTPRules / TCP / TLS: warnings (the
 * VirtualService is stored) for rules that can never match. Since 1.27 every match after a rule without
 * matches is reported too.
 */
export function analyzeUnreachableRules(kind: 'http' | 'tcp' | 'tls', routes: Obj[] | undefined, report: Report, version: IstioVersion): void {
  const at: Path = ['spec', kind]
  const routeName = (route: Obj, n: number) => (kind === 'http' && route.name ? q(route.name) : `#${n}`)
  const requestName = (match: Obj, n: number) => (kind === 'http' && match.name ? q(match.name) : `#${n}`)
  const unused = (n: number, route: Obj, reason: string) =>
    report([...at, n], 'ISTIO_VS_UNREACHABLE_RULE', `virtualService rule ${routeName(route, n)} not used (${reason})`, 'warning')
  const ineffective = (where: Path, rule: string, match: string, dup: string) =>
    report(where, 'ISTIO_VS_INEFFECTIVE_MATCH', `virtualService rule ${rule} match ${match} is not used (duplicate/overlapping match in rule ${dup})`, 'warning')
  const seen = new Map<string, number>()
  let emptyMatchAt = -1
  const prefixes: PrefixMatch[] = []
  ;(routes ?? []).forEach((route, n) => {
    const matches: Obj[] = route.match ?? []
    if (matches.length === 0) {
      if (emptyMatchAt >= 0) unused(n, route, 'only the last rule can have no matches')
      emptyMatchAt = n
      return
    }
    let duplicates = 0
    matches.forEach((match, m) => {
      if (emptyMatchAt >= 0 && istioAtLeast(version, '1.27')) return unused(n, route, 'route without matches defined before')
      const key = matchKey(match)
      const dup = seen.get(key)
      if (dup !== undefined) {
        ineffective([...at, n, 'match', m], routeName(route, n), requestName(match, m), routeName(routes![dup], dup))
        duplicates++
        return
      }
      seen.set(key, n)
      if (kind === 'http') {
        const p = prefixMatch(match, routeName(route, n), requestName(match, m), [...at, n, 'match', m])
        if (p) prefixes.push(p)
      }
    })
    if (duplicates === matches.length) unused(n, route, 'all matches used by prior rules')
  })
  // A prefix match that an earlier prefix match covers (genMatchHTTPRoutes, coveredValidation).
  prefixes.forEach((a, i) => {
    for (const b of prefixes.slice(i + 1)) {
      if (b.prefix !== a.prefix && covers(a, b)) ineffective(b.at, b.route, `${b.match} of prefix ${b.prefix}`, `${a.match} of prefix ${a.prefix} on ${a.route}`)
    }
  })
}

/** asJSON: the match without its name, as Go's encoding/json writes it (zero values omitted, map keys sorted). */
function matchKey(match: Obj): string {
  const {name: _name, ...rest} = match
  return JSON.stringify(canonical(rest))
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(canonical)
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Obj)[k])] as const)
      .filter(([, v]) => v !== undefined)
    return entries.length === 0 ? undefined : Object.fromEntries(entries)
  }
  return value === false || value === 0 || value === '' || value === null ? undefined : value
}

interface PrefixMatch {
  route: string
  match: string
  at: Path
  prefix: string
  port: number
  method: string
  authority: string
  headers: Map<string, string>
  queryParams: Map<string, string>
  withoutHeaders: Map<string, string>
}

/** "exact:VALUE", "prefix:VALUE", or "" (regexes and absent matches). */
const exactOrPrefix = (sm: Obj | undefined) => (sm?.exact ? `exact:${sm.exact}` : sm?.prefix ? `prefix:${sm.prefix}` : '')

function prefixMatch(match: Obj, route: string, name: string, at: Path): PrefixMatch | null {
  const prefix = match.uri?.prefix
  if (!prefix) return null
  const map = (m: Obj | undefined) => new Map(Object.entries<Obj>(m ?? {}).map(([k, v]) => [k, exactOrPrefix(v)]))
  return {
    route,
    match: name,
    at,
    prefix,
    port: Number(match.port ?? 0),
    // Without a method the comparison assumes GET.
    method: exactOrPrefix(match.method) || 'exact:GET',
    authority: exactOrPrefix(match.authority),
    headers: map(match.headers),
    queryParams: map(match.queryParams),
    withoutHeaders: map(match.withoutHeaders),
  }
}

/** coveredValidation: every condition of the later match `b` is at least as narrow as the earlier `a`'s. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || b.port !== a.port) return false
  const narrower = (x: string, y: string) => x === y || x.startsWith(y)
  if (!narrower(a.method, b.method) || !narrower(a.authority, b.authority)) return false
  for (const field of ['headers', 'queryParams', 'withoutHeaders'] as const) {
    if (a[field].size !== b[field].size) return false
    for (const [k, v] of a[field]) {
      const other = b[field].get(k)
      if (other === undefined || !narrower(v, other)) return false
    }
  }
  return true
}
