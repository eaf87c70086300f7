/**
 * Names as Istio gives them, so that output compares with `istioctl proxy-config`
 * (istio pilot/pkg/model/service.go BuildSubsetKey, pilot/pkg/networking/util/util.go).
 */

export const VIRTUAL_OUTBOUND = 'virtualOutbound'
export const VIRTUAL_OUTBOUND_PORT = 15001
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster'
export const BLACKHOLE_CLUSTER = 'BlackHoleCluster'
export const PASSTHROUGH_FILTER_CHAIN = 'PassthroughFilterChain'
export const VIRTUAL_OUTBOUND_BLACKHOLE_CHAIN = 'virtualOutbound-blackhole'
export const VIRTUAL_OUTBOUND_CATCHALL_CHAIN = 'virtualOutbound-catchall-tcp'
/** ALLOW_ANY_DYNAMIC_DNS: the plaintext-HTTP chain of virtualOutbound (istio listener_builder.go, "-http" suffix). */
export const VIRTUAL_OUTBOUND_CATCHALL_HTTP_CHAIN = `${VIRTUAL_OUTBOUND_CATCHALL_CHAIN}-http`
/** istio pilot/pkg/model/listener.go VirtualInboundListenerName, VirtualInboundBlackholeFilterChainName. */
export const VIRTUAL_INBOUND = 'virtualInbound'
export const VIRTUAL_INBOUND_PORT = 15006
export const VIRTUAL_INBOUND_BLACKHOLE_CHAIN = 'virtualInbound-blackhole'
/** Catch-all virtual host and route names (istio pilot/pkg/networking/core/httproute.go buildCatchAllVirtualHost). */
export const ALLOW_ANY = 'allow_any'
export const BLOCK_ALL = 'block_all'
/** istio pilot/pkg/networking/util/util.go AllowAnyDynamicDNS (vhost, route and inline route config) and its DFP cluster. */
export const ALLOW_ANY_DYNAMIC_DNS = 'allow_any_dynamic_dns'
export const ALLOW_ANY_DYNAMIC_DNS_CLUSTER = 'AllowAnyDynamicDNSCluster'
export const DEFAULT_ROUTE = 'default'

/** outbound|80||httpbin.org, outbound|443|cnn|istio-egressgateway.istio-system.svc.cluster.local */
export function clusterName(port: number, subset: string, host: string): string {
  return `outbound|${port}|${subset}|${host}`
}

/** The cluster name in SNI form, which ISTIO_MUTUAL sends by default: outbound_.443_.cnn_.HOST */
export function sniClusterName(port: number, subset: string, host: string): string {
  return `outbound_.${port}_.${subset}_.${host}`
}

/** 0.0.0.0_80, 10.96.0.10_53 */
export function listenerName(address: string, port: number): string {
  return `${address}_${port}`
}

/** Sidecar route configs are named by port; a sniffed port bound to a VIP gets "HOST:PORT". */
export function sidecarRouteConfigName(port: number): string {
  return String(port)
}

export function virtualHostName(host: string, port: number): string {
  return `${host}:${port}`
}

/** istio pilot/pkg/networking/core/gateway.go gatewayRDSRouteName: plaintext servers share "http.<bound port>". */
export function gatewayHttpRouteConfigName(boundPort: number): string {
  return `http.${boundPort}`
}

/** Terminated HTTPS servers each get their own: "https.<port>.<port name>.<gateway>.<namespace>". */
export function gatewayHttpsRouteConfigName(port: number, portName: string, gateway: string, namespace: string): string {
  return `https.${port}.${portName}.${gateway}.${namespace}`
}

/** A gateway port with servers but no bound VirtualService answers 404 from this vhost. */
export function gatewayBlackholeVirtualHostName(port: number): string {
  return `blackhole:${port}`
}

/** The host name Istio gives a Kubernetes Service (default trust domain suffix cluster.local). */
export function serviceFqdn(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.cluster.local`
}
