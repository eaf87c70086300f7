import {knownPods} from '../sim/compile/istio/pods.js'
import {EGRESS_API_VERSION} from '../sim/compile/osm/api.js'
import type {EgressSpec} from './model/osm.js'
import type {ModelSet} from './model/set.js'

/**
 * The client identities the input speaks of (explain, diff): every ServiceAccount an Egress names as a
 * source (OSM) and every pod or workload that is not a gateway, as NAMESPACE/SERVICEACCOUNT, sorted.
 */
export function clientIdentities(sets: readonly ModelSet[], mesh: 'osm' | 'osm-edge' | 'istio'): string[] {
  const ids = new Set<string>()
  for (const set of sets) {
    if (mesh !== 'istio') {
      for (const r of set.resources) {
        if (r.kind !== 'Egress' || r.apiVersion !== EGRESS_API_VERSION) continue
        for (const s of (r.spec as EgressSpec | undefined)?.sources ?? []) if (s.kind === 'ServiceAccount') ids.add(`${s.namespace}/${s.name}`)
      }
    }
    for (const pod of knownPods(set)) if (!pod.isGateway) ids.add(pod.id)
  }
  return [...ids].sort()
}
