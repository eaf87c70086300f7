import type {FilterChain, Inspectors, Listener, Origin} from '../../rules/types.js'
import {LISTENER_FILTERS_TIMEOUT_SECONDS, OUTBOUND_LISTENER, OUTBOUND_LISTENER_ADDRESS, OUTBOUND_REDIRECT_PORT} from './names.js'

/**
 * pkg/envoy/lds/listener.go newOutboundListener. With no chain and no default chain OSM sends no listener
 * at all (Envoy refuses an empty one, osm#1793), so redirected connections are refused.
 */
export function outboundListener(chains: FilterChain[], defaultChain: FilterChain | null, inspectors: Inspectors, origin: Origin): Listener | null {
  if (chains.length === 0 && defaultChain === null) return null
  return {
    name: OUTBOUND_LISTENER,
    address: OUTBOUND_LISTENER_ADDRESS,
    port: OUTBOUND_REDIRECT_PORT,
    handOffToOriginalDst: false,
    inspectors,
    filterChains: chains,
    defaultChain,
    origin,
  }
}

/**
 * tls_inspector and http_inspector, both disabled on tcp-server-first ports by the same predicate
 * (lds/listener.go getFilterMatchPredicateForTrafficMatches), in first-seen order.
 */
export function inspectors(enabled: boolean, serverFirstPorts: number[]): Inspectors {
  return {
    tls: enabled,
    http: enabled,
    disabledOnPorts: enabled ? [...new Set(serverFirstPorts)] : [],
    timeoutSeconds: LISTENER_FILTERS_TIMEOUT_SECONDS,
  }
}
