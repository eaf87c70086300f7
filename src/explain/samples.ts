import type {StringMatch} from '../../sim/rules/types.js'
import {stringMatches} from '../../sim/trace/match-route.js'

/** Values that satisfy a proxy's string matcher, so that a representative request can be traced. */

const REGEX_FILLERS: Array<[RegExp, string]> = [
  [/^\^|\$$/g, ''],
  [/\.\*|\[\^\/\]\*/g, ''],
  [/\.\+|\[\^\/\]\+|\\w\+|\\S\+/g, 'x'],
  [/\\d\+|\\d\*|\[0-9\]\+|\[0-9\]\*/g, '1'],
  [/\(([^()|]*)\|[^()]*\)/g, '$1'],
  [/\\(.)/g, '$1'],
]

/** A string the matcher accepts (full match for regexes), or null when none can be built simply. */
export function sampleFor(m: StringMatch | undefined, fallback: string): string | null {
  if (!m || m.kind === 'present') return fallback
  if (m.kind === 'exact') return m.value
  if (m.kind === 'prefix') return m.value === '' ? fallback : m.value
  const accepts = (s: string) => stringMatches(m, s)
  let candidate = m.value
  for (const [pattern, replacement] of REGEX_FILLERS) candidate = candidate.replace(pattern, replacement)
  for (const s of [fallback, candidate]) if (accepts(s)) return s
  return null
}

/** A concrete name for a domain or server name ("*.example.com" → "any.example.com"). */
export function sampleHost(domain: string): string {
  return domain.startsWith('*.') ? `any.${domain.slice(2)}` : domain
}

/** Envoy domain matching, enough to keep "another host" probes off every declared domain. */
export function domainMatches(domain: string, host: string): boolean {
  const d = domain.toLowerCase()
  if (d === '*') return true
  if (d.startsWith('*')) return host.endsWith(d.slice(1))
  if (d.endsWith('*')) return host.startsWith(d.slice(0, -1))
  return d === host
}

const OTHER_HOSTS = ['unlisted.example.net', 'unlisted.example.org', 'unlisted.invalid']

/** A host name that none of `domains` names. */
export function otherHost(domains: readonly string[]): string {
  return OTHER_HOSTS.find((h) => !domains.some((d) => d !== '*' && domainMatches(d, h))) ?? OTHER_HOSTS[0]
}

/** The first address of a CIDR (its own address, which lies inside it). */
export function addressIn(cidr: string): string {
  return cidr.split('/')[0]
}
