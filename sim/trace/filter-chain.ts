import type {FilterChain, Listener, Proxy} from '../rules/types.js'
import type {ConnectionAttributes} from './attributes.js'
import {type Conn, type HopEnd, reset} from './connection.js'
import {chainMismatches, selectFilterChain} from './match-filter-chain.js'
import {type PipySelection, pipyClosedExit, selectPipyDestination} from './pipy.js'
import {type Recorded, step} from './recorded.js'
import type {Candidate, Reason, RuleRef} from './types.js'

/** The filter chain that takes the connection: Envoy's FilterChainMatch, or Pipy's destination lookup; else the listener's default chain. */
export function filterChainStage(proxy: Proxy, listener: Listener, attrs: ConnectionAttributes, conn: Conn): Recorded & ({chain: FilterChain} | {end: HopEnd}) {
  const candidates: Candidate[] = listener.filterChains.map((ch) => ({rule: chainRef(proxy, ch), mismatches: chainMismatches(ch.match, attrs)}))
  const pipy = proxy.flavor === 'pipy'
  const sel: PipySelection = pipy ? selectPipyDestination(listener.filterChains, attrs) : selectFilterChain(listener.filterChains, attrs)
  if (sel.broken) {
    const because: Reason = {code: 'PIPY_BAD_RANGE', chain: sel.broken.name, port: conn.port}
    const end: HopEnd = {outcome: {verdict: 'deny', by: 'proxy', curlExit: pipyClosedExit(conn.bytes), because}, decided: sel.broken.origin}
    return {end, steps: [step('filter-chain', chainRef(proxy, sel.broken), candidates, because)]}
  }
  if (sel.chain) {
    const because: Reason = pipy ? {code: 'PIPY_DESTINATION', port: conn.port, byRange: sel.byRange ?? false} : {code: 'CHAIN_MATCHED'}
    const assumptions = sel.orderOpenWith
      ? [
          {
            code: 'PIPY_ORDER_OPEN',
            says: `${sel.orderOpenWith.join(', ')} would take this connection as well as ${sel.chain.name}: osm-edge lists them in Go map order (DeduplicateTrafficMatches), so which Pipy tries first can change with every config push; assumed the order of the input`,
          },
        ]
      : []
    return {chain: sel.chain, assumptions, steps: [step('filter-chain', chainRef(proxy, sel.chain), candidates, because)]}
  }
  if (listener.defaultChain) {
    const chain = listener.defaultChain
    return {chain, missed: [candidates], steps: [step('filter-chain', chainRef(proxy, chain), candidates, {code: 'DEFAULT_CHAIN', emptiedAt: sel.emptiedAt})]}
  }
  // outbound-main.js: no destination and no EnableEgress ⇒ the stream is ended without error.
  const outcome = pipy
    ? {verdict: 'deny' as const, by: 'proxy' as const, curlExit: pipyClosedExit(conn.bytes), because: {code: 'PIPY_NO_DESTINATION', port: conn.port}}
    : reset(conn, 'NR', {code: 'NO_FILTER_CHAIN', listener: listener.name})
  return {end: {outcome, decided: listener.origin}, missed: [candidates], steps: [step('filter-chain', null, candidates, {code: 'NO_CHAIN', emptiedAt: sel.emptiedAt})]}
}

export function chainRef(proxy: Proxy, ch: FilterChain): RuleRef {
  return {proxy: proxy.id, kind: 'filter-chain', name: ch.name, origin: ch.origin}
}
