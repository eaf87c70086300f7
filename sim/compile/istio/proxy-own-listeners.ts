import type {ChainAction, Cluster, FilterChain, Listener, Origin, RouteConfig} from '../../rules/types.js'
import {defaultOrigin} from '../locate.js'
import {
  ALLOW_ANY_DYNAMIC_DNS,
  BLACKHOLE_CLUSTER,
  VIRTUAL_INBOUND,
  VIRTUAL_INBOUND_BLACKHOLE_CHAIN,
  VIRTUAL_INBOUND_PORT,
  VIRTUAL_OUTBOUND,
  VIRTUAL_OUTBOUND_BLACKHOLE_CHAIN,
  VIRTUAL_OUTBOUND_CATCHALL_CHAIN,
  VIRTUAL_OUTBOUND_CATCHALL_HTTP_CHAIN,
  VIRTUAL_OUTBOUND_PORT,
} from './names.js'

/** What unknown traffic gets under the outbound traffic policy (see catch-all.ts). */
export interface CatchAll {
  /** The fall-through tcp_proxy: PassthroughCluster, BlackHoleCluster. */
  tcp: ChainAction
  /** ALLOW_ANY_DYNAMIC_DNS: plaintext HTTP on virtualOutbound goes to this inline route config. */
  dynamicDnsRouteConfig?: string
  origin: Origin
}

const PLAINTEXT_HTTP_ALPNS = ['http/1.1', 'h2c']

const ownOrigin = (says: string) => defaultOrigin(says)

/** Route configs written inline on the proxy's own listeners, by the name the chains refer to them with. */
export const PROMETHEUS_ROUTES = 'inline:0.0.0.0_15090'
export const HEALTH_ROUTES = 'inline:0.0.0.0_15021'

/**
 * The listeners every sidecar has besides the per-service ones. virtualOutbound 0.0.0.0:15001 receives
 * what iptables redirects and hands each connection to the listener of its original destination; a
 * connection to 15001 itself is black-holed (istio listener_builder.go blackholeFilterChain).
 * virtualInbound 0.0.0.0:15006 is such a destination too: an app dialling port 15006 is handed to it, and
 * its virtualInbound-blackhole chain (destination port 15006) ends the loop (istio listener_inbound.go
 * buildInboundBlackhole; Istio's TestLoop). The bootstrap's 0.0.0.0:15090 (Prometheus) and 0.0.0.0:15021
 * (health) listeners receive app connections to those ports the same way, and answer from the proxy itself
 * (istio tools/packaging/common/envoy_bootstrap.json).
 */
export function proxyOwnListeners(catchAll: CatchAll): Listener[] {
  const catchAllChains: FilterChain[] = [
    {
      name: VIRTUAL_OUTBOUND_BLACKHOLE_CHAIN,
      match: {destinationPort: VIRTUAL_OUTBOUND_PORT},
      action: {kind: 'tcp_proxy', cluster: BLACKHOLE_CLUSTER},
      origin: ownOrigin('Istio virtualOutbound loop guard: connections to 15001 itself go to BlackHoleCluster (istio listener_builder.go blackholeFilterChain)'),
    },
    ...(catchAll.dynamicDnsRouteConfig
      ? [
          {
            name: VIRTUAL_OUTBOUND_CATCHALL_HTTP_CHAIN,
            match: {applicationProtocols: PLAINTEXT_HTTP_ALPNS},
            action: {kind: 'http' as const, routeConfig: catchAll.dynamicDnsRouteConfig},
            origin: catchAll.origin,
          },
        ]
      : []),
    {name: VIRTUAL_OUTBOUND_CATCHALL_CHAIN, match: {}, action: catchAll.tcp, origin: catchAll.origin},
  ]
  const own = (name: string, port: number, chains: FilterChain[], says: string, http = false): Listener => ({
    name,
    address: '0.0.0.0',
    port,
    handOffToOriginalDst: false,
    inspectors: {tls: false, http, disabledOnPorts: [], timeoutSeconds: 0},
    filterChains: chains,
    defaultChain: null,
    origin: ownOrigin(says),
  })
  const hcm = (name: string, routeConfig: string, says: string): FilterChain => ({name, match: {}, action: {kind: 'http', routeConfig}, origin: ownOrigin(says)})
  return [
    // The HTTP inspector is added only for the ALLOW_ANY_DYNAMIC_DNS chain (istio listener_builder.go).
    {
      ...own(
        VIRTUAL_OUTBOUND,
        VIRTUAL_OUTBOUND_PORT,
        catchAllChains,
        'Istio sidecar virtualOutbound listener 0.0.0.0:15001 (iptables redirect target)',
        Boolean(catchAll.dynamicDnsRouteConfig),
      ),
      handOffToOriginalDst: true,
    },
    own(
      VIRTUAL_INBOUND,
      VIRTUAL_INBOUND_PORT,
      [
        {
          name: VIRTUAL_INBOUND_BLACKHOLE_CHAIN,
          match: {destinationPort: VIRTUAL_INBOUND_PORT},
          action: {kind: 'tcp_proxy', cluster: BLACKHOLE_CLUSTER},
          origin: ownOrigin('Istio virtualInbound loop guard: connections to 15006 itself go to BlackHoleCluster (istio listener_inbound.go buildInboundBlackhole)'),
        },
      ],
      'Istio sidecar virtualInbound listener 0.0.0.0:15006',
    ),
    own(
      '0.0.0.0_15021',
      15021,
      [hcm('agent', HEALTH_ROUTES, 'Envoy bootstrap health listener 0.0.0.0:15021')],
      'Envoy bootstrap health listener 0.0.0.0:15021 (istio envoy_bootstrap.json)',
    ),
    own(
      '0.0.0.0_15090',
      15090,
      [hcm('stats', PROMETHEUS_ROUTES, 'Envoy bootstrap Prometheus listener 0.0.0.0:15090')],
      'Envoy bootstrap Prometheus listener 0.0.0.0:15090 (istio envoy_bootstrap.json)',
    ),
  ]
}

/** The inline route configs of the bootstrap listeners: the proxy's own status and stats, 404 otherwise. */
export function proxyOwnRouteConfigs(catchAll: CatchAll, dynamicDns: RouteConfig | null): Record<string, RouteConfig> {
  const inline = (name: string, prefix: string, cluster: string, says: string): RouteConfig => {
    const origin = ownOrigin(says)
    return {
      name,
      virtualHosts: [
        {
          name: 'backend',
          domains: ['*'],
          routes: [{name: prefix, match: {path: {kind: 'prefix', value: prefix}, headers: []}, action: {kind: 'cluster', clusters: [{name: cluster, weight: 100}]}, origin}],
          origin,
        },
      ],
      hostMatch: 'envoy',
      ignorePortInHostMatching: false,
      noRouteStatus: 404,
      origin,
    }
  }
  return {
    [HEALTH_ROUTES]: inline(HEALTH_ROUTES, '/healthz/ready', 'agent', 'Envoy bootstrap health route: /healthz/ready to the local pilot-agent'),
    [PROMETHEUS_ROUTES]: inline(PROMETHEUS_ROUTES, '/stats/prometheus', 'prometheus_stats', "Envoy bootstrap stats route: /stats/prometheus to the proxy's own admin port"),
    ...(dynamicDns && catchAll.dynamicDnsRouteConfig ? {[ALLOW_ANY_DYNAMIC_DNS]: dynamicDns} : {}),
  }
}

/** The bootstrap's static clusters behind those routes: pilot-agent's status port and Envoy's admin port. */
export function proxyOwnClusters(): Record<string, Cluster> {
  const says = (what: string) => ownOrigin(`Envoy bootstrap static cluster ${what} (istio envoy_bootstrap.json)`)
  return {
    agent: {name: 'agent', type: 'STATIC', endpoints: [{host: '127.0.0.1', port: 15020}], connectTimeoutSeconds: 0.25, origin: says('agent')},
    prometheus_stats: {name: 'prometheus_stats', type: 'STATIC', endpoints: [{host: '127.0.0.1', port: 15000}], connectTimeoutSeconds: 0.25, origin: says('prometheus_stats')},
  }
}
