import type {HttpRequest} from '../request/types.js'
import type {Route, StringMatch} from '../rules/types.js'
import {jsRegex} from '../rules/re2.js'
import type {Mismatch} from './types.js'

/**
 * Envoy route matching: the first route (in order) whose path and every header matcher hold. The path is
 * compared without its query string; safe_regex must match the entire value (RE2 full match), whereas
 * Pipy's `new RegExp(v).test()` matches anywhere ('search').
 */
export function routeMismatches(route: Route, req: HttpRequest): Mismatch[] {
  const out: Mismatch[] = []
  const path = req.path.split('?')[0]
  if (route.match.path && !stringMatches(route.match.path, path))
    out.push({field: 'path', wanted: describe(route.match.path), got: path})
  const query = new URLSearchParams(req.path.includes('?') ? req.path.slice(req.path.indexOf('?') + 1) : '')
  for (const q of route.match.queryParameters ?? []) {
    const value = query.get(q.name)
    if (value === null || !stringMatches(q.match, value)) out.push({field: `query ${q.name}`, wanted: describe(q.match), got: value ?? 'absent'})
  }
  for (const h of route.match.headers) {
    const value = headerValue(req, h.name)
    const ok = value !== undefined && stringMatches(h.match, value)
    if (ok === Boolean(h.invert)) out.push({field: `header ${h.name}`, wanted: (h.invert ? 'not ' : '') + describe(h.match), got: value ?? 'absent'})
  }
  return out
}

export function matchRoute(routes: readonly Route[], req: HttpRequest): Route | null {
  return routes.find((r) => routeMismatches(r, req).length === 0) ?? null
}

function headerValue(req: HttpRequest, name: string): string | undefined {
  if (name === ':method') return req.method
  if (name === ':authority' || name === 'host') return req.authority
  if (name === ':path') return req.path
  return req.headers[name.toLowerCase()]
}

const compiled = new Map<string, RegExp | null>()

function regex(source: string, flags: string): RegExp | null {
  const key = flags + '\u0000' + source
  if (!compiled.has(key)) compiled.set(key, jsRegex(source, flags))
  return compiled.get(key)!
}

export function stringMatches(m: StringMatch, value: string): boolean {
  const cs = m.caseSensitive !== false
  const v = cs ? value : value.toLowerCase()
  const want = cs ? m.value : m.value.toLowerCase()
  switch (m.kind) {
    case 'present':
      return true
    case 'exact':
      return v === want
    case 'prefix':
      return v.startsWith(want)
    case 'regex': {
      const flags = cs ? '' : 'i'
      const re = m.mode === 'search' ? regex(m.value, flags) : regex(`^(?:${m.value})$`, flags)
      return re !== null && re.test(value)
    }
  }
}

function describe(m: StringMatch): string {
  if (m.kind === 'regex') return `${m.mode === 'search' ? 'contains match of' : 'matches'} /${m.value}/`
  if (m.kind === 'present') return 'present'
  return `${m.kind} ${m.value}`
}
