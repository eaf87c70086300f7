import {derived, find, readsOnly} from '../select.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption, Origin} from '../../rules/types.js'
import {defaultOrigin, originAt} from '../locate.js'
import {MONITORED_BY_LABEL} from './api.js'

const NAMESPACE = new Set(['Namespace'])

export interface MeshMembership {
  monitored: boolean
  origin: Origin
}

/**
 * pkg/k8s/client.go IsMonitoredNamespace: OSM only watches namespaces labelled monitored-by; Egress
 * objects elsewhere are ignored and their pods get no sidecar. A namespace the input does not describe
 * is assumed to be in the mesh (once per namespace, as an Assumption).
 */
export function meshMembership(set: ModelSet, namespace: string, assumptions: Assumption[]): MeshMembership {
  const object = find(set, 'Namespace', '', namespace)
  if (!object) {
    const code = 'NAMESPACE_ASSUMED_IN_MESH'
    const says = `Namespace ${namespace} is not in the input; assuming it is labelled ${MONITORED_BY_LABEL}`
    if (!assumptions.some((a) => a.code === code && a.says === says)) assumptions.push({code, says})
    return {monitored: true, origin: defaultOrigin(says)}
  }
  // Asked once per Service per sidecar: the answer is kept per namespace object.
  const known = derived(set, 'osm:mesh-membership', () => new Map<string, MeshMembership>(), readsOnly(NAMESPACE))
  let membership = known.get(namespace)
  if (!membership) {
    const labelled = MONITORED_BY_LABEL in object.metadata.labels
    membership = {monitored: labelled, origin: labelled ? originAt(object, 'metadata', 'labels', MONITORED_BY_LABEL) : originAt(object)}
    known.set(namespace, membership)
  }
  return membership
}
