import type {Origin, Rejection, RouteConfig} from '../../rules/types.js'
import {routeConfigName, virtualHostName} from './names.js'
import {duplicateDomain, invalidRegex} from './rejections.js'
import type {PortRoutes} from './traffic-policy.js'

export interface RouteConfigStyle {
  hostMatch: RouteConfig['hostMatch']
  noRouteStatus: number
}

/** Envoy answers 404 (NR) when no virtual host or route matches. */
export const ENVOY_ROUTE_CONFIG: RouteConfigStyle = {hostMatch: 'envoy', noRouteStatus: 404}

/**
 * pkg/envoy/rds/route/route_config.go BuildEgressRouteConfiguration: one "rds-egress.<port>" per HTTP port,
 * even with no virtual host.
 */
export function egressRouteConfigs(routesPerPort: ReadonlyMap<number, PortRoutes>, style: RouteConfigStyle): RouteConfig[] {
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

function routeConfig(port: number, hosts: PortRoutes['hosts'], style: RouteConfigStyle, origin: Origin): RouteConfig {
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
