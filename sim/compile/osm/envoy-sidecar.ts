import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption, FilterChain, Proxy, Rejection, RouteConfig} from '../../rules/types.js'
import {defaultOrigin} from '../locate.js'
import {byName, egressClusters, passthroughCluster} from './clusters.js'
import {egressFilterChain, passthroughChain} from './filter-chains.js'
import {inspectors, outboundListener} from './listener.js'
import type {MeshSettings} from './meshconfig.js'
import {meshUpstreams} from './mesh-upstreams.js'
import {OUTBOUND_LISTENER} from './names.js'
import {type Identity, egressesFor} from './policies.js'
import {OVERLAPPING_CHAINS_MESSAGE, overlappingChains, programSizeAssumptions} from './rejections.js'
import {ENVOY_SIDECAR, acceptedByEnvoy, egressRouteConfigs} from './route-configs.js'
import {type EgressTrafficPolicy, egressTrafficPolicy} from './traffic-policy.js'

export interface EnvoySidecarInput {
  id: string
  identity: Identity
  settings: MeshSettings
  version: '1.2' | 'main'
  assumptions: Assumption[]
  rejections: Rejection[]
}

/** The OSM Envoy sidecar's outbound side: LDS, RDS and CDS as osm-controller would send them. */
export function envoySidecar(set: ModelSet, input: EnvoySidecarInput): Proxy {
  const {id, settings, version, assumptions, rejections} = input
  const passthrough = settings.enableEgress.value
  const egress = envoyEgress(set, input)
  const mesh = meshUpstreams(set, settings, input.identity, ENVOY_SIDECAR, assumptions)

  const chains = [...mesh.chains, ...egress.chains]
  const serverFirstPorts = [...egress.policy.trafficMatches.filter((m) => m.protocol === 'tcp-server-first').map((m) => m.port), ...mesh.serverFirstPorts]
  const listener = outboundListener(
    chains,
    passthrough ? passthroughChain(settings.enableEgress.origin) : null,
    inspectors(version === 'main' || settings.enableEgressPolicy.value, serverFirstPorts),
    defaultOrigin('OSM sends the outbound listener when the sidecar has a filter chain or egress passthrough'),
  )
  const overlaps = overlappingChains(chains)
  rejectOverlaps(overlaps, id, rejections)

  const routeConfigs = [...mesh.routeConfigs, ...egress.routeConfigs]
  assumptions.push(...programSizeAssumptions(routeConfigs))

  const clusters = [...mesh.clusters, ...egressClusters(egress.policy.clusterConfigs)]
  if (passthrough) clusters.push(passthroughCluster(settings.enableEgress.origin))
  return {
    id,
    kind: 'sidecar',
    flavor: 'envoy',
    // A NACKed first listener push leaves the proxy with no outbound listener at all (osm#5231).
    listeners: listener && overlaps.length === 0 ? [listener] : [],
    routeConfigs: acceptedByEnvoy(routeConfigs, id, rejections),
    clusters: byName(clusters),
  }
}

/** The client's own part of the sidecar: its Egress policies' filter chains and rds-egress route configs. */
export function envoyEgress(set: ModelSet, input: Omit<EnvoySidecarInput, 'id' | 'rejections'>): {policy: EgressTrafficPolicy; chains: FilterChain[]; routeConfigs: RouteConfig[]} {
  const {settings, version, assumptions} = input
  // v1.2 gates Egress on the feature flag; main ignores the flag and disables Egress under passthrough (osm.md §2.2).
  const useEgress = version === 'main' ? !settings.enableEgress.value : settings.enableEgressPolicy.value
  const applied = useEgress ? egressesFor(set, input.identity, assumptions) : []
  const policy = egressTrafficPolicy(set, applied, {version, dialect: ENVOY_SIDECAR.dialect})
  return {
    policy,
    chains: policy.trafficMatches.flatMap((m) => egressFilterChain(m) ?? []),
    routeConfigs: egressRouteConfigs(policy.routesPerPort, ENVOY_SIDECAR),
  }
}

/** Overlapping chains make Envoy NACK the outbound listener; the rejection names every chain involved. */
export function rejectOverlaps(overlaps: ReadonlyArray<[FilterChain, FilterChain]>, proxy: string, rejections: Rejection[]): void {
  if (overlaps.length === 0) return
  const origins = [...new Set(overlaps.flat())].map((c) => c.origin)
  rejections.push({proxy, cause: 'overlapping-chains', what: `listener ${OUTBOUND_LISTENER}`, message: OVERLAPPING_CHAINS_MESSAGE, origins})
}
