import type {RouteConfig} from '../../rules/types.js'
import {type HostRoutes, type RuleMatch, routesFor} from './http-routes.js'
import {hostClusterName, routeConfigName, virtualHostName} from './names.js'
import {goInsertionSort} from './pipy-order.js'
import {PIPY_SIDECAR} from './route-configs.js'
import type {PortRoutes} from './traffic-policy.js'

/**
 * The egress HTTP routing of a Pipy sidecar, per port (osm-edge repo/util.go
 * generatePipyEgressTrafficRoutePolicy): every hostname of every host route maps to a rule set named after
 * the host (addHTTPHostPort2Service, a later mapping replacing an earlier one), and newHTTPServiceRouteRules
 * returns the existing rule set for a name already seen, so a second policy for the same host ADDS its
 * routes to the first one's (an identical rule, reflect.DeepEqual on the match, is kept once). jobs.go
 * reorder() then sorts each rule set by path (pipy-order.ts).
 */
export function pipyEgressRouteConfigs(routesPerPort: ReadonlyMap<number, PortRoutes>): RouteConfig[] {
  return [...routesPerPort]
    .sort(([a], [b]) => a - b)
    .map(([port, {hosts, origin}]) => {
      const ruleSets = new Map<string, {first: HostRoutes; rules: RuleMatch[]}>()
      const hostnameToSet = new Map<string, string>()
      for (const h of hosts) {
        for (const name of h.hostnames) hostnameToSet.set(name, h.host)
        const set = ruleSets.get(h.host) ?? {first: h, rules: []}
        for (const rule of h.rules) if (!set.rules.some((r) => sameMatch(r, rule))) set.rules.push(rule)
        ruleSets.set(h.host, set)
      }
      const virtualHosts = [...ruleSets].map(([host, {first, rules}]) => {
        const cluster = hostClusterName(host, port)
        return {
          name: virtualHostName(host),
          domains: [...hostnameToSet].filter(([, to]) => to === host).map(([name]) => name),
          routes: goInsertionSort(rules, byPath).flatMap((rule) => routesFor(rule, cluster, PIPY_SIDECAR.dialect)),
          origin: first.origin,
        }
      })
      return {
        name: routeConfigName(port),
        virtualHosts: virtualHosts.filter((vh) => vh.domains.length > 0),
        hostMatch: PIPY_SIDECAR.hostMatch,
        ignorePortInHostMatching: false,
        noRouteStatus: PIPY_SIDECAR.noRouteStatus,
        origin,
      }
    })
}

/** repo/policy.go OutboundHTTPRouteRuleSlice.Less: ".*" never sorts first; other paths in string order. */
function byPath(a: RuleMatch, b: RuleMatch): boolean {
  return a.path !== '.*' && a.path < b.path
}

/**
 * reflect.DeepEqual on HTTPMatchRule: path, headers as a map, and methods as addMethodMatch leaves them
 * (any "*" clears the list; otherwise kept in order, duplicates included).
 */
function sameMatch(a: RuleMatch, b: RuleMatch): boolean {
  const key = (r: RuleMatch) => JSON.stringify([r.path, [...r.headers].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)), r.methods.includes('*') ? null : r.methods])
  return key(a) === key(b)
}
