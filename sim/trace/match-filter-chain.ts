import {inRange, parseCidrOrIp} from '../net/cidr.js'
import type {FilterChain, FilterChainMatch} from '../rules/types.js'
import type {ConnectionAttributes} from './attributes.js'
import type {Mismatch} from './types.js'

/**
 * Envoy's filter-chain selection (api config.listener.v3.FilterChainMatch): destination port →
 * destination IP (longest prefix) → server name (exact, then longest wildcard) → transport protocol →
 * application protocols. "In each step, filter chains which most specifically match the attributes
 * continue to the next step"; there is no backtracking when a later step leaves nothing.
 * Returns the chosen chain (or null) and the step at which the field of candidates emptied.
 */
export function selectFilterChain(chains: readonly FilterChain[], c: ConnectionAttributes): {chain: FilterChain | null; emptiedAt?: string} {
  let s = chains.filter((ch) => ch.match.destinationPort === c.dstPort)
  if (s.length === 0) s = chains.filter((ch) => ch.match.destinationPort === undefined)
  if (s.length === 0) return {chain: null, emptiedAt: 'destination_port'}

  s = mostSpecificByPrefix(s, c.dstIp)
  if (s.length === 0) return {chain: null, emptiedAt: 'prefix_ranges'}

  s = mostSpecificByServerName(s, c.sni)
  if (s.length === 0) return {chain: null, emptiedAt: 'server_names'}

  const byTransport = s.filter((ch) => ch.match.transportProtocol === c.transport)
  s = byTransport.length > 0 ? byTransport : s.filter((ch) => ch.match.transportProtocol === undefined)
  if (s.length === 0) return {chain: null, emptiedAt: 'transport_protocol'}

  s = mostSpecificByAlpn(s, c.alpn)
  if (s.length === 0) return {chain: null, emptiedAt: 'application_protocols'}
  return {chain: s[0]}
}

function mostSpecificByPrefix(chains: FilterChain[], ip: string | undefined): FilterChain[] {
  let best = -1
  let winners: FilterChain[] = []
  const any: FilterChain[] = []
  for (const ch of chains) {
    const ranges = ch.match.prefixRanges ?? []
    if (ranges.length === 0) {
      any.push(ch)
      continue
    }
    for (const r of ranges) {
      const cidr = parseCidrOrIp(r)
      if (!cidr || !inRange(r, ip)) continue
      if (cidr.prefix > best) {
        best = cidr.prefix
        winners = [ch]
      } else if (cidr.prefix === best && !winners.includes(ch)) winners.push(ch)
    }
  }
  return winners.length > 0 ? winners : any
}

/** Wildcards to try for a name, most specific first: a.b.c → [a.b.c, *.b.c, *.c]. */
export function serverNameLadder(sni: string): string[] {
  const name = sni.toLowerCase()
  const labels = name.split('.')
  const out = [name]
  for (let i = 1; i < labels.length; i++) out.push('*.' + labels.slice(i).join('.'))
  return out
}

function mostSpecificByServerName(chains: FilterChain[], sni: string | undefined): FilterChain[] {
  const noNames = chains.filter((ch) => (ch.match.serverNames ?? []).length === 0)
  if (!sni) return noNames
  for (const candidate of serverNameLadder(sni)) {
    const hit = chains.filter((ch) => (ch.match.serverNames ?? []).some((n) => n.toLowerCase() === candidate))
    if (hit.length > 0) return hit
  }
  return noNames
}

function mostSpecificByAlpn(chains: FilterChain[], alpn: string[]): FilterChain[] {
  for (const proto of alpn) {
    const hit = chains.filter((ch) => (ch.match.applicationProtocols ?? []).includes(proto))
    if (hit.length > 0) return hit
  }
  return chains.filter((ch) => (ch.match.applicationProtocols ?? []).length === 0)
}

/** Every criterion of `m` that the connection does not meet, judged on its own (for near misses). */
export function chainMismatches(m: FilterChainMatch, c: ConnectionAttributes): Mismatch[] {
  const out: Mismatch[] = []
  if (m.destinationPort !== undefined && m.destinationPort !== c.dstPort) out.push({field: 'destination_port', wanted: String(m.destinationPort), got: String(c.dstPort)})
  const ranges = m.prefixRanges ?? []
  if (ranges.length > 0 && !ranges.some((r) => inRange(r, c.dstIp))) out.push({field: 'prefix_ranges', wanted: ranges.join(','), got: c.dstIp ?? 'an address outside these ranges'})
  const names = m.serverNames ?? []
  if (names.length > 0) {
    const ladder = c.sni ? serverNameLadder(c.sni) : []
    if (!names.some((n) => ladder.includes(n.toLowerCase()))) out.push({field: 'server_names', wanted: names.join(','), got: c.sni ?? 'no SNI'})
  }
  if (m.transportProtocol !== undefined && m.transportProtocol !== c.transport) out.push({field: 'transport_protocol', wanted: m.transportProtocol, got: c.transport})
  const protos = m.applicationProtocols ?? []
  if (protos.length > 0 && !c.alpn.some((a) => protos.includes(a))) out.push({field: 'application_protocols', wanted: protos.join(','), got: c.alpn.join(',') || 'none'})
  return out
}
