import type {UpstreamTrafficSettingSpec} from '../../../src/model/osm.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Origin} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {type HostRoutes, type RouteDialect, hostRoutes} from './http-routes.js'
import {filterChainName, hostClusterName, portClusterName} from './names.js'
import {type AppliedEgress, list} from './policies.js'

/** pkg/trafficpolicy/egress_types.go TrafficMatch: what becomes one egress filter chain. */
export interface TrafficMatch {
  name: string
  port: number
  /** As written: the LDS builder switches on it case-sensitively. */
  protocol: string
  /** ipAddresses as written (http: none); CIDR parsing happens when the chain is built. */
  ipAddresses: string[]
  /** Where each ipAddresses entry is written, in the same order. */
  ipOrigins: Origin[]
  serverNames: string[]
  /** The ORIGINAL_DST cluster for tcp/https; none for http (routes pick clusters). */
  cluster?: string
  origin: Origin
}

/** pkg/trafficpolicy/egress_types.go EgressClusterConfig. */
export interface ClusterConfig {
  name: string
  /** STRICT_DNS host; absent ⇒ ORIGINAL_DST. */
  host?: string
  port: number
  uts?: Resource<UpstreamTrafficSettingSpec>
  origin: Origin
}

export interface PortRoutes {
  hosts: HostRoutes[]
  /** The first http port entry that created the route configuration. */
  origin: Origin
}

export interface EgressTrafficPolicy {
  trafficMatches: TrafficMatch[]
  routesPerPort: Map<number, PortRoutes>
  clusterConfigs: ClusterConfig[]
}

export interface PolicyOptions {
  /** v1.2 skips a policy whose UpstreamTrafficSetting is missing; main still builds its routes (osm.md §2.10). */
  version: '1.2' | 'main'
  dialect: RouteDialect
}

/**
 * pkg/catalog/egress.go GetEgressTrafficPolicy: per applicable policy and port, switch on the lower-cased
 * protocol. Traffic matches and cluster configs are deduplicated structurally; route configs are appended
 * without any merging, so a host repeated on a port yields two virtual hosts (see route-configs.ts).
 */
export function egressTrafficPolicy(set: ModelSet, applied: AppliedEgress[], opts: PolicyOptions): EgressTrafficPolicy {
  const trafficMatches: TrafficMatch[] = []
  const routesPerPort = new Map<number, PortRoutes>()
  const clusterConfigs: ClusterConfig[] = []
  for (const {egress, uts} of applied) {
    const utsMissing = uts !== null && 'missing' in uts
    if (utsMissing && opts.version === '1.2') continue
    const setting = uts && 'resource' in uts ? uts.resource : undefined
    list(egress.spec?.ports).forEach((p, i) => {
      if (typeof p?.protocol !== 'string' || !Number.isInteger(p.number)) return
      const protocol = p.protocol.toLowerCase()
      const origin = originAt(egress, 'spec', 'ports', i)
      if (protocol === 'http') {
        const port = routesPerPort.get(p.number) ?? {hosts: [], origin}
        port.hosts.push(...hostRoutes(set, egress, p.number, opts.dialect))
        routesPerPort.set(p.number, port)
        if (utsMissing) return
        trafficMatches.push({
          name: filterChainName(p.number, protocol),
          port: p.number,
          protocol: p.protocol,
          ipAddresses: [],
          ipOrigins: [],
          serverNames: [],
          origin,
        })
        list(egress.spec?.hosts).forEach((host, h) =>
          clusterConfigs.push({name: hostClusterName(host, p.number), host, port: p.number, uts: setting, origin: originAt(egress, 'spec', 'hosts', h)}),
        )
      } else if (protocol === 'https' || protocol === 'tcp' || protocol === 'tcp-server-first') {
        if (utsMissing) return
        trafficMatches.push({
          name: filterChainName(p.number, protocol),
          port: p.number,
          protocol: p.protocol,
          ipAddresses: list(egress.spec?.ipAddresses),
          ipOrigins: list(egress.spec?.ipAddresses).map((_, j) => originAt(egress, 'spec', 'ipAddresses', j)),
          // For non-HTTP(s) protocols the hosts field is ignored (egress.go doc comment).
          serverNames: protocol === 'https' ? list(egress.spec?.hosts) : [],
          cluster: portClusterName(p.number),
          origin,
        })
        clusterConfigs.push({name: portClusterName(p.number), port: p.number, uts: setting, origin})
      }
    })
  }
  return {
    trafficMatches: dedup(trafficMatches, trafficMatchKey),
    routesPerPort,
    clusterConfigs: dedup(clusterConfigs, (c) => JSON.stringify([c.name, c.host, c.port, c.uts?.ref])),
  }
}

/** trafficpolicy.DeduplicateTrafficMatches: hashstructure with SlicesAsSets, so list order is ignored. */
function trafficMatchKey(m: TrafficMatch): string {
  const asSet = (xs: string[]) => [...new Set(xs)].sort()
  return JSON.stringify([m.name, m.port, m.protocol, asSet(m.ipAddresses), asSet(m.serverNames), m.cluster])
}

/** Keeps the first of each key, so a rule's origin is the first place that asked for it. */
function dedup<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((t) => {
    const k = key(t)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
