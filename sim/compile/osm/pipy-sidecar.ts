import type {ModelSet} from '../../../src/model/set.js'
import {pipyRegexAssumptions} from '../../rules/pipy-regex.js'
import type {Cluster, FilterChain, Proxy, RouteConfig} from '../../rules/types.js'
import {defaultOrigin} from '../locate.js'
import {splitCidrs} from './cidr.js'
import {byName, passthroughCluster} from './clusters.js'
import type {EnvoySidecarInput} from './envoy-sidecar.js'
import {passthroughChain} from './filter-chains.js'
import {PIPY_ROUTES} from './http-routes.js'
import {outboundListener} from './listener.js'
import {meshUpstreams} from './mesh-upstreams.js'
import {filterChainName, portClusterName, routeConfigName} from './names.js'
import {egressesFor} from './policies.js'
import {egressRouteConfigs} from './route-configs.js'
import {type TrafficMatch, egressTrafficPolicy} from './traffic-policy.js'

/**
 * osm-edge's Pipy sidecar in the same table shape (osm.md §8). The catalog is OSM v1.2's (feature-flag
 * gate, passthrough alongside policies); repo/util.go generatePipyEgressTrafficRoutePolicy and the
 * codebase modules then differ from Envoy: the protocol is lower-cased, destinations are keyed by port
 * and IP ranges only (no SNI, no ALPN), Host lookup is an exact map lookup, regexes are unanchored
 * searches, and an unmatched HTTP request gets 403. Pipy has no config NACK, so nothing is rejected.
 */
export function pipySidecar(set: ModelSet, input: Omit<EnvoySidecarInput, 'version'>): Proxy {
  const {id, settings, assumptions} = input
  const passthrough = settings.enableEgress.value
  const applied = settings.enableEgressPolicy.value ? egressesFor(set, input.identity, assumptions) : []
  const policy = egressTrafficPolicy(set, applied, {version: '1.2', dialect: PIPY_ROUTES})
  const mesh = meshUpstreams(set, settings, assumptions)

  const chains = [...mesh.chains, ...pipyDestinations(policy.trafficMatches)]
  const listener = outboundListener(
    chains,
    passthrough ? passthroughChain(settings.enableEgress.origin) : null,
    // Pipy reads no SNI or ALPN to pick a destination, so there is nothing to inspect or wait for.
    {tls: false, http: false, disabledOnPorts: [], timeoutSeconds: 0},
    defaultOrigin('Pipy opens the outbound port when it has outbound config or EnableEgress'),
  )
  const routeConfigs = egressRouteConfigs(policy.routesPerPort, {hostMatch: 'exact', noRouteStatus: 403})
  assumptions.push(...pipyRegexAssumptions(routeConfigs))
  const clusters = [...mesh.clusters, ...pipyClusters(policy.trafficMatches, policy.clusterConfigs)]
  if (passthrough) clusters.push(passthroughCluster(settings.enableEgress.origin))
  return {
    id,
    kind: 'sidecar',
    flavor: 'pipy',
    listeners: listener ? [listener] : [],
    routeConfigs: lastHostWins(routeConfigs),
    clusters: byName(clusters),
  }
}

/**
 * modules/outbound-main.js: per port, the destination whose IP ranges contain the address, else the one
 * without ranges; the first registered wins among equals. http destinations carry the policy's
 * ipAddresses too (Pipy honours AllowedDestinationIPRanges).
 */
function pipyDestinations(matches: readonly TrafficMatch[]): FilterChain[] {
  const seen = new Set<string>()
  const chains: FilterChain[] = []
  for (const m of matches) {
    const protocol = m.protocol.toLowerCase()
    const prefixRanges = splitCidrs(protocol === 'http' ? (m.allowedIpRanges ?? []) : m.ipAddresses).valid
    const key = JSON.stringify([m.port, [...prefixRanges].sort()])
    if (seen.has(key)) continue
    seen.add(key)
    chains.push({
      name: filterChainName(m.port, protocol),
      match: {destinationPort: m.port, ...(prefixRanges.length > 0 ? {prefixRanges} : {})},
      action: protocol === 'http' ? {kind: 'http', routeConfig: routeConfigName(m.port)} : {kind: 'tcp_proxy', cluster: portClusterName(m.port)},
      origin: m.origin,
    })
  }
  return chains
}

/**
 * http: DNS clusters per host as in OSM. https: cluster "<port>" whose endpoints are the Egress hosts
 * themselves, round-robin, whatever the client dialled (no SNI check). tcp: the original destination.
 */
function pipyClusters(matches: readonly TrafficMatch[], configs: ReturnType<typeof egressTrafficPolicy>['clusterConfigs']): Cluster[] {
  const clusters: Cluster[] = configs
    .filter((c) => c.host !== undefined)
    .map((c) => ({name: c.name, type: 'STRICT_DNS', endpoints: [{host: c.host!, port: c.port}], origin: c.origin}))
  for (const m of matches) {
    const protocol = m.protocol.toLowerCase()
    if (protocol === 'http') continue
    const hosts = protocol === 'https' ? m.serverNames : []
    clusters.push({
      name: portClusterName(m.port),
      type: hosts.length > 0 ? 'STRICT_DNS' : 'ORIGINAL_DST',
      endpoints: hosts.map((host) => ({host, port: m.port})),
      origin: m.origin,
    })
  }
  return clusters
}

/** Pipy fills a JS object host by host, so a host repeated on a port ends up with the last policy's routes. */
function lastHostWins(configs: RouteConfig[]): Record<string, RouteConfig> {
  const out: Record<string, RouteConfig> = {}
  for (const config of configs) {
    const claimed = new Set<string>()
    const virtualHosts = [...config.virtualHosts]
      .reverse()
      .map((vh) => {
        const domains = vh.domains.filter((d) => !claimed.has(d))
        domains.forEach((d) => claimed.add(d))
        return {...vh, domains}
      })
      .filter((vh) => vh.domains.length > 0)
      .reverse()
    out[config.name] = {...config, virtualHosts}
  }
  return out
}
