/**
 * Every name OSM v1.2.4 gives to what it programs into a sidecar, from one place, so that compiled
 * tables compare with `osm proxy get config_dump` (osm.md §2.10b).
 */

/** pkg/envoy/lds/listener.go: one outbound listener on the iptables redirect port. */
export const OUTBOUND_LISTENER = 'outbound-listener'
export const OUTBOUND_LISTENER_ADDRESS = '0.0.0.0'
/** pkg/injector/iptables.go: outbound TCP is REDIRECTed here. */
export const OUTBOUND_REDIRECT_PORT = 15001

/** Envoy's default listener_filters_timeout; OSM sets continue_on_listener_filters_timeout. */
export const LISTENER_FILTERS_TIMEOUT_SECONDS = 15

/** pkg/envoy/lds/listener.go: the default_filter_chain added when enableEgress is on. */
export const PASSTHROUGH_CHAIN = 'outbound-egress-filter-chain'
export const PASSTHROUGH_CLUSTER = 'passthrough-outbound'
export const PASSTHROUGH_STAT_PREFIX = 'egress-tcp-proxy.passthrough-outbound'

/** pkg/trafficpolicy/egress_types.go GetEgressTrafficMatchName: the protocol is lower-cased. */
export function filterChainName(port: number, protocol: string): string {
  return `egress-${protocol.toLowerCase()}.${port}`
}

export function routeConfigName(port: number): string {
  return `rds-egress.${port}`
}

export function virtualHostName(host: string): string {
  return `egress_virtual-host|${host}`
}

/** STRICT_DNS cluster of an HTTP egress host. */
export function hostClusterName(host: string, port: number): string {
  return `${host}:${port}`
}

/** ORIGINAL_DST cluster shared by every tcp/https/tcp-server-first egress on a port. */
export function portClusterName(port: number): string {
  return String(port)
}

export function tcpStatPrefix(port: number): string {
  return `egress-tcp-proxy.${port}`
}

/** pkg/envoy/lds/inmesh.go and pkg/service/types.go EnvoyClusterName. */
export function meshChainName(namespace: string, service: string, port: number, protocol: string): string {
  return `outbound_${namespace}/${service}_${port}_${protocol}`
}

/** pkg/service/types.go EnvoyClusterName: named by the target port. */
export function meshClusterName(namespace: string, service: string, targetPort: number): string {
  return `${namespace}/${service}|${targetPort}`
}

/** rds/route/route_config.go GetOutboundMeshRouteConfigNameForPort. */
export function meshRouteConfigName(port: number): string {
  return `rds-outbound.${port}`
}

/** rds/route/route_config.go buildVirtualHostStub("outbound_virtual-host", MeshService.FQDN()). */
export function meshVirtualHostName(namespace: string, service: string): string {
  return `outbound_virtual-host|${service}.${namespace}.svc.cluster.local`
}

/** Id of the client's sidecar in MeshTable.proxies. */
export function sidecarId(namespace: string, serviceAccount: string): string {
  return `${namespace}/${serviceAccount}`
}
