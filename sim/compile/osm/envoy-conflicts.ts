import type {ModelSet} from '../../../src/model/set.js'
import type {Rejection, RouteConfig} from '../../rules/types.js'
import {derived} from '../select.js'
import {envoyEgress, rejectOverlaps} from './envoy-sidecar.js'
import type {MeshSettings} from './meshconfig.js'
import {type MeshService, hostnamesForService, meshChains, meshRouteConfig, meshRoutePorts, meshServices} from './mesh-upstreams.js'
import {sidecarId} from './names.js'
import type {Identity} from './policies.js'
import {type ChainOverlaps, chainOverlaps} from './rejections.js'
import {ENVOY_SIDECAR, acceptedByEnvoy} from './route-configs.js'

/**
 * The rejections envoySidecar records for one client, without building the in-mesh part per client: every
 * client's outbound listener starts with the same mesh chains, and its rds-outbound configs differ only in
 * the short names of the Services in its own namespace. So the mesh part is indexed once per set and each
 * client adds its own Egress chains and namespace (validation checks 1,000 clients × 1,000 Services).
 * test/osm/envoy-conflicts.test.ts holds the result equal to envoySidecar's on generated sets.
 */
export function envoyRejections(set: ModelSet, settings: MeshSettings, identity: Identity, version: '1.2' | 'main' = '1.2'): Rejection[] {
  const id = sidecarId(identity.namespace, identity.serviceAccount)
  const mesh = meshIndex(set, settings)
  const egress = envoyEgress(set, {identity, settings, version, assumptions: []})
  const rejections: Rejection[] = []
  rejectOverlaps([...mesh.chains.pairs, ...chainOverlaps(egress.chains, mesh.chains).pairs], id, rejections)
  const ports = [...new Set([...mesh.duplicatePorts, ...(mesh.namespacePorts.get(identity.namespace) ?? [])])].sort((a, b) => a - b)
  // Mesh routes carry only the wildcard route's regexes, which RE2 accepts: only the domain check can reject them.
  acceptedByEnvoy(
    ports.map((port) => mesh.ports.get(port)!.deciding(identity.namespace)),
    id,
    rejections,
  )
  acceptedByEnvoy(egress.routeConfigs, id, rejections)
  return rejections
}

interface MeshIndex {
  chains: ChainOverlaps
  ports: Map<number, PortIndex>
  /** Ports whose configuration repeats a domain whatever the client's namespace. */
  duplicatePorts: number[]
  /** The ports each namespace has HTTP Services on: its clients see their short names there. */
  namespacePorts: Map<string, number[]>
}

interface PortIndex {
  /**
   * A configuration that Envoy's duplicate-domain check answers exactly as it answers the port's whole
   * rds-outbound config for a client in `namespace` (same domain, same two virtual hosts); see deciding().
   */
  deciding(namespace: string): RouteConfig
}

function meshIndex(set: ModelSet, settings: MeshSettings): MeshIndex {
  const bySettings = derived(set, 'osm:envoy-mesh-index', () => new WeakMap<MeshSettings, MeshIndex>())
  let index = bySettings.get(settings)
  if (!index) {
    index = buildMeshIndex(set, settings)
    bySettings.set(settings, index)
  }
  return index
}

function buildMeshIndex(set: ModelSet, settings: MeshSettings): MeshIndex {
  const services = meshServices(set, settings, [])
  const index: MeshIndex = {chains: chainOverlaps(meshChains(services, ENVOY_SIDECAR)), ports: new Map(), duplicatePorts: [], namespacePorts: new Map()}
  for (const [port, list] of meshRoutePorts(services)) {
    const {deciding, duplicate} = portIndex(port, list)
    index.ports.set(port, {deciding})
    if (duplicate) index.duplicatePorts.push(port)
    for (const namespace of new Set(list.map((s) => s.namespace))) {
      const ports = index.namespacePorts.get(namespace)
      if (ports) ports.push(port)
      else index.namespacePorts.set(namespace, [port])
    }
  }
  return index
}

/**
 * Envoy's check (rejections.ts duplicateDomain) reports the first domain, in order, already seen, with the
 * virtual host that had it first. For a client in namespace N the config is the qualified-only one with
 * the short names put in front of N's Services' domains (hostnamesForService). The first repeat then lies
 * in one of N's virtual hosts, or repeats one of their domains first seen elsewhere, or is the first repeat
 * of the qualified-only config: so N's virtual hosts, the first holders of their domains, and the two
 * virtual hosts of that first repeat, kept in their order, give Envoy's answer for the whole config.
 */
function portIndex(port: number, list: MeshService[]): {deciding: (namespace: string) => RouteConfig; duplicate: boolean} {
  const firstHolder = new Map<string, number>()
  let firstRepeat: number[] = []
  list.forEach((s, v) => {
    for (const domain of hostnamesForService(s, false).map((d) => d.toLowerCase())) {
      const holder = firstHolder.get(domain)
      if (holder === undefined) firstHolder.set(domain, v)
      else if (firstRepeat.length === 0) firstRepeat = [holder, v]
    }
  })
  const byNamespace = new Map<string, number[]>()
  list.forEach((s, v) => {
    const own = byNamespace.get(s.namespace)
    if (own) own.push(v)
    else byNamespace.set(s.namespace, [v])
  })
  const deciding = (namespace: string): RouteConfig => {
    const own = byNamespace.get(namespace) ?? []
    const holders = own.flatMap((v) => hostnamesForService(list[v], true).flatMap((d) => firstHolder.get(d.toLowerCase()) ?? []))
    const kept = [...new Set([...own, ...holders, ...firstRepeat])].sort((a, b) => a - b)
    return meshRouteConfig(
      port,
      kept.map((v) => list[v]),
      namespace,
      ENVOY_SIDECAR,
    )
  }
  return {deciding, duplicate: firstRepeat.length > 0}
}
