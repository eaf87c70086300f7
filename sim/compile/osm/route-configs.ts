import type {Origin, Rejection, RouteConfig} from '../../rules/types.js'
import {ENVOY_ROUTES, PIPY_ROUTES, type RouteDialect} from './http-routes.js'
import {routeConfigName, virtualHostName} from './names.js'
import {duplicateDomain, invalidRegex} from './rejections.js'
import type {PortRoutes} from './traffic-policy.js'

/** How a sidecar answers on its HTTP chains. */
export interface SidecarStyle {
  hostMatch: RouteConfig['hostMatch']
  /** The answer when no virtual host or route matches. */
  noRouteStatus: number
  /** Whether an HTTP/1.0 request is served (else 426 Upgrade Required). */
  acceptHttp10: boolean
  dialect: RouteDialect
}

/**
 * OSM's Envoy: 404 (NR) when no virtual host or route matches. Neither v1.2.4 (pkg/envoy/lds/
 * http_connection.go) nor main (pkg/envoy/generator/lds/http_connection.go) sets the connection manager's
 * http_protocol_options, so accept_http_10 keeps Envoy's default, false.
 */
export const ENVOY_SIDECAR: SidecarStyle = {hostMatch: 'envoy', noRouteStatus: 404, acceptHttp10: false, dialect: ENVOY_ROUTES}

/**
 * osm-edge's Pipy: outbound-http-routing.js looks the raw Host header up in a map; outbound-http-default.js
 * answers 403 "Access denied" when no route matched. Pipy's demuxHTTP serves HTTP/1.0.
 */
export const PIPY_SIDECAR: SidecarStyle = {hostMatch: 'exact', noRouteStatus: 403, acceptHttp10: true, dialect: PIPY_ROUTES}

/**
 * pkg/envoy/rds/route/route_config.go BuildEgressRouteConfiguration: one "rds-egress.<port>" per HTTP port,
 * even with no virtual host.
 */
export function egressRouteConfigs(routesPerPort: ReadonlyMap<number, PortRoutes>, style: SidecarStyle): RouteConfig[] {
  return [...routesPerPort].sort(([a], [b]) => a - b).map(([port, {hosts, origin}]) => routeConfig(port, hosts, style, origin))
}

/**
 * The configurations Envoy accepts, by name. A NACKed one is left out and reported, so the HTTP chain that
 * names it finds nothing (osm.md §9: modelled as 404).
 */
export function acceptedByEnvoy(configs: RouteConfig[], proxy: string, rejections: Rejection[]): Record<string, RouteConfig> {
  const accepted: Record<string, RouteConfig> = {}
  for (const config of configs) {
    const duplicate = duplicateDomain(config)
    const badRegex = duplicate ? undefined : invalidRegex(config)
    if (duplicate) rejections.push({proxy, cause: 'duplicate-domain', what: `route config ${config.name}`, message: duplicate.message, origins: duplicate.origins})
    else if (badRegex) rejections.push({proxy, cause: 'invalid-regex', what: `route config ${config.name}`, message: badRegex.message, origins: [badRegex.origin]})
    else accepted[config.name] = config
  }
  return accepted
}

function routeConfig(port: number, hosts: PortRoutes['hosts'], style: SidecarStyle, origin: Origin): RouteConfig {
  return {
    name: routeConfigName(port),
    virtualHosts: hosts.map((h) => ({name: virtualHostName(h.host), domains: h.hostnames, routes: h.routes, origin: h.origin})),
    hostMatch: style.hostMatch,
    // OSM sets neither strip_matching_host_port nor strip_any_host_port.
    ignorePortInHostMatching: false,
    noRouteStatus: style.noRouteStatus,
    origin,
  }
}
