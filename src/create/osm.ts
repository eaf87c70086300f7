import {EGRESS_API_VERSION, HTTP_ROUTE_GROUP_API_VERSION} from '../../sim/compile/osm/api.js'
import type {CreateSpec} from './spec.js'

export type Manifest = Record<string, unknown>

/**
 * An OSM Egress for the request, in the client's namespace (OSM looks HTTPRouteGroups up in the Egress's
 * namespace, osm.md §2.1), plus an HTTPRouteGroup when paths, methods or headers narrow the HTTP routes.
 */
export function osmManifests(spec: CreateSpec): Manifest[] {
  const narrowed = spec.paths.length > 0 || spec.methods.length > 0 || spec.headers.length > 0
  const routeGroup = `${spec.name}-routes`
  const egress: Manifest = {
    apiVersion: EGRESS_API_VERSION,
    kind: 'Egress',
    metadata: {name: spec.name, namespace: spec.namespace},
    spec: {
      sources: [{kind: 'ServiceAccount', name: spec.client!.serviceAccount, namespace: spec.client!.namespace}],
      ...(spec.hosts.length > 0 ? {hosts: spec.hosts} : {}),
      ...(spec.ips.length > 0 ? {ipAddresses: spec.ips} : {}),
      ports: spec.ports.map((p) => ({number: p.number, protocol: p.protocol})),
      // apiGroup must carry the version: the webhook rejects "specs.smi-spec.io" (osm.md §1.2).
      ...(narrowed ? {matches: [{apiGroup: HTTP_ROUTE_GROUP_API_VERSION, kind: 'HTTPRouteGroup', name: routeGroup}]} : {}),
    },
  }
  if (!narrowed) return [egress]
  return [
    {
      apiVersion: HTTP_ROUTE_GROUP_API_VERSION,
      kind: 'HTTPRouteGroup',
      metadata: {name: routeGroup, namespace: spec.namespace},
      spec: {matches: routeMatches(spec)},
    },
    egress,
  ]
}

/** One match per path (OR); methods and headers apply to each. Headers are single-key list elements (smi-sdk-go). */
function routeMatches(spec: CreateSpec): Manifest[] {
  const paths = spec.paths.length > 0 ? spec.paths : [undefined]
  return paths.map((path, i) => ({
    name: paths.length > 1 ? `${spec.name}-${i}` : spec.name,
    ...(path !== undefined ? {pathRegex: path} : {}),
    ...(spec.methods.length > 0 ? {methods: spec.methods} : {}),
    ...(spec.headers.length > 0 ? {headers: spec.headers.map(([k, v]) => ({[k]: v}))} : {}),
  }))
}
