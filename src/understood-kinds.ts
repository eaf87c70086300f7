import type {MeshName} from '../sim/compile/index.js'
import type {Resource} from './model/resource.js'
import type {ModelSet} from './model/set.js'

const CORE = ['Namespace', 'ServiceAccount', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Service', 'NetworkPolicy']
const OSM = [...CORE, 'Egress', 'HTTPRouteGroup', 'UpstreamTrafficSetting', 'MeshConfig']

/** The kinds each mesh's compiler reads; everything else is kept, ignored, and listed by -v. */
const UNDERSTOOD: Record<MeshName, Set<string>> = {
  osm: new Set(OSM),
  'osm-edge': new Set([...OSM, 'EgressGateway']),
  istio: new Set([
    ...CORE,
    'ServiceEntry',
    'VirtualService',
    'Gateway',
    'DestinationRule',
    'Sidecar',
    'ConfigMap',
    'IstioOperator',
    'AuthorizationPolicy',
    'GatewayClass',
    'HTTPRoute',
    'GRPCRoute',
    'TLSRoute',
    'TCPRoute',
    'ReferenceGrant',
  ]),
}

export function ignoredObjects(set: ModelSet, mesh: MeshName): Resource[] {
  return set.resources.filter((r) => !UNDERSTOOD[mesh].has(r.kind))
}

/** "2 objects istio does not read: Egress ×1, HTTPRouteGroup ×1 (-v lists them)", or undefined when none. */
export function ignoredSummary(ignored: readonly Resource[], mesh: MeshName): string | undefined {
  if (ignored.length === 0) return undefined
  const byKind = new Map<string, number>()
  for (const r of ignored) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1)
  const kinds = [...byKind].map(([kind, n]) => `${kind} ×${n}`).join(', ')
  return `${ignored.length} object${ignored.length === 1 ? '' : 's'} ${mesh} does not read: ${kinds} (-v lists them)`
}
