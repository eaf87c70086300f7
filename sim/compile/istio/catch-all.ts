import type {ClientTls} from '../../../src/model/istio.js'
import type {Cluster, Origin, Route, RouteConfig, VirtualHost} from '../../rules/types.js'
import {defaultOrigin} from '../locate.js'
import type {OutboundMode} from './meshconfig.js'
import {ALLOW_ANY, ALLOW_ANY_DYNAMIC_DNS, ALLOW_ANY_DYNAMIC_DNS_CLUSTER, BLACKHOLE_CLUSTER, BLOCK_ALL, PASSTHROUGH_CLUSTER} from './names.js'
import type {CatchAll} from './proxy-own-listeners.js'

/**
 * Where a sidecar sends what it does not know, per outbound traffic policy (istio
 * pilot/pkg/networking/core/listener_builder.go buildOutboundCatchAllNetworkFiltersOnly and
 * buildOutboundCatchAllNetworkFilterChains): TCP falls through to PassthroughCluster, or to
 * BlackHoleCluster under REGISTRY_ONLY; ALLOW_ANY_DYNAMIC_DNS (istio ≥1.31) adds a chain for plaintext
 * HTTP on virtualOutbound that routes by Host through the dynamic forward proxy, while TLS and TCP stay
 * on PassthroughCluster.
 */
export function catchAllFor(outbound: {mode: OutboundMode; origin: Origin}): CatchAll {
  const cluster = outbound.mode === 'REGISTRY_ONLY' ? BLACKHOLE_CLUSTER : PASSTHROUGH_CLUSTER
  return {
    tcp: {kind: 'tcp_proxy', cluster},
    ...(outbound.mode === 'ALLOW_ANY_DYNAMIC_DNS' ? {dynamicDnsRouteConfig: ALLOW_ANY_DYNAMIC_DNS} : {}),
    origin: outbound.origin,
  }
}

/**
 * The virtual host appended to every sidecar HTTP route config (istio httproute.go buildCatchAllVirtualHost):
 * ALLOW_ANY forwards to PassthroughCluster, ALLOW_ANY_DYNAMIC_DNS to AllowAnyDynamicDNSCluster, both with
 * no timeout and no retries; REGISTRY_ONLY answers 502 itself.
 */
export function catchAllVirtualHost(outbound: {mode: OutboundMode; origin: Origin}): VirtualHost {
  const origin = outbound.origin
  const match = {path: {kind: 'prefix' as const, value: '/'}, headers: []}
  const forward = (name: string, cluster: string): Route => ({name, match, action: {kind: 'cluster', clusters: [{name: cluster, weight: 100}]}, timeoutSeconds: 0, origin})
  const route: Route =
    outbound.mode === 'ALLOW_ANY'
      ? forward(ALLOW_ANY, PASSTHROUGH_CLUSTER)
      : outbound.mode === 'ALLOW_ANY_DYNAMIC_DNS'
        ? forward(ALLOW_ANY_DYNAMIC_DNS, ALLOW_ANY_DYNAMIC_DNS_CLUSTER)
        : {name: BLOCK_ALL, match, action: {kind: 'direct_response', status: 502}, origin}
  return {name: route.name, domains: ['*'], routes: [route], origin}
}

/** The inline route config of virtualOutbound's ALLOW_ANY_DYNAMIC_DNS chain: that one virtual host. */
export function dynamicDnsRouteConfig(outbound: {mode: OutboundMode; origin: Origin}): RouteConfig | null {
  if (outbound.mode !== 'ALLOW_ANY_DYNAMIC_DNS') return null
  return {
    name: ALLOW_ANY_DYNAMIC_DNS,
    virtualHosts: [catchAllVirtualHost(outbound)],
    hostMatch: 'envoy',
    ignorePortInHostMatching: true,
    noRouteStatus: 404,
    origin: outbound.origin,
  }
}

/**
 * AllowAnyDynamicDNSCluster (istio cluster_builder.go buildAllowAnyDFPCluster): Envoy's dynamic forward
 * proxy, resolving each request's Host at request time; meshConfig.outboundTrafficPolicy.tls makes it
 * originate TLS.
 */
export function dynamicDnsCluster(outbound: {mode: OutboundMode; origin: Origin}, tls: ClientTls | undefined, connectTimeoutSeconds: number): Record<string, Cluster> {
  if (outbound.mode !== 'ALLOW_ANY_DYNAMIC_DNS') return {}
  const originate = tls?.mode && tls.mode !== 'DISABLE' ? {mode: tls.mode, ...(tls.sni ? {sni: tls.sni} : {}), origin: outbound.origin} : undefined
  return {
    [ALLOW_ANY_DYNAMIC_DNS_CLUSTER]: {
      name: ALLOW_ANY_DYNAMIC_DNS_CLUSTER,
      type: 'DYNAMIC_FORWARD_PROXY',
      endpoints: [],
      ...(originate ? {tls: originate} : {}),
      connectTimeoutSeconds,
      origin: defaultOrigin('Istio AllowAnyDynamicDNSCluster: dynamic forward proxy resolving the Host header (istio cluster_builder.go buildAllowAnyDFPCluster)'),
    },
  }
}
