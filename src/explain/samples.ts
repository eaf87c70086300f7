import {BoundedMemo} from '../../sim/bounded-memo.js'
import type {StringMatch} from '../../sim/rules/types.js'
import {stringMatches} from '../../sim/trace/match-route.js'
import {witness, type WitnessAlphabet} from '../diff/regex-witness.js'

/**
 * A value the matcher accepts: `fallback` when it does, else the shortest one built from the matcher's RE2
 * program over `alphabet` (src/diff/regex-witness.ts); null when none can be built.
 */
export function sampleFor(m: StringMatch | undefined, fallback: string, alphabet: WitnessAlphabet): string | null {
  if (!m || stringMatches(m, fallback)) return fallback
  // The editor explains on every keystroke, mostly the same routes: their witnesses are searched once.
  return witnesses.get(`${alphabet} ${JSON.stringify(m)}`, () => witness(m, alphabet))
}

const witnesses = new BoundedMemo<string | null>(10_000)

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
