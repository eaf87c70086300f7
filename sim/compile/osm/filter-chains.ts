import type {FilterChain, Origin} from '../../rules/types.js'
import {splitCidrs} from './cidr.js'
import {ENVOY_SIDECAR} from './route-configs.js'
import {PASSTHROUGH_CHAIN, PASSTHROUGH_CLUSTER, PASSTHROUGH_STAT_PREFIX, routeConfigName, tcpStatPrefix} from './names.js'
import type {TrafficMatch} from './traffic-policy.js'

/** pkg/envoy/lds/egress.go getEgressHTTPFilterChain: plaintext HTTP only (h2 over TLS is not routed). */
const HTTP_APPLICATION_PROTOCOLS = ['http/1.0', 'http/1.1', 'h2c']

/**
 * pkg/envoy/lds/egress.go getEgressFilterChainsForMatches: switches on the protocol exactly as written,
 * so "HTTP" or "TCP" (accepted by the catalog, which lower-cases) yield no chain at all.
 */
export function egressFilterChain(m: TrafficMatch): FilterChain | undefined {
  if (m.protocol === 'http') {
    return {
      name: m.name,
      match: {destinationPort: m.port, applicationProtocols: HTTP_APPLICATION_PROTOCOLS},
      action: {kind: 'http', routeConfig: routeConfigName(m.port), acceptHttp10: ENVOY_SIDECAR.acceptHttp10},
      origin: m.origin,
    }
  }
  if (m.protocol === 'https' || m.protocol === 'tcp' || m.protocol === 'tcp-server-first') {
    // Unparsable CIDRs are skipped one by one; when none is left the chain matches any address (fail-open).
    const prefixRanges = splitCidrs(m.ipAddresses).valid
    return {
      name: m.name,
      match: {
        destinationPort: m.port,
        ...(prefixRanges.length > 0 ? {prefixRanges} : {}),
        ...(m.serverNames.length > 0 ? {serverNames: m.serverNames} : {}),
      },
      action: {kind: 'tcp_proxy', cluster: m.cluster!, statPrefix: tcpStatPrefix(m.port)},
      origin: m.origin,
    }
  }
  return undefined
}

/** pkg/envoy/lds/listener.go: the default_filter_chain of the outbound listener when enableEgress is on. */
export function passthroughChain(origin: Origin): FilterChain {
  return {name: PASSTHROUGH_CHAIN, match: {}, action: {kind: 'tcp_proxy', cluster: PASSTHROUGH_CLUSTER, statPrefix: PASSTHROUGH_STAT_PREFIX}, origin}
}
