import {MESH_CONFIG_NAME} from '../../../sim/compile/osm/api.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {MeshConfigSpec} from '../../model/osm.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'

/** MeshConfig switches that make Egress policies do nothing, or less than they seem to. */
export function meshConfigWarnings(config: Resource<MeshConfigSpec>, egressCount: number): Diagnostic[] {
  if (config.metadata.name !== MESH_CONFIG_NAME) {
    return [diagnosticAt(config, ['metadata', 'name'], 'OSM_MESHCONFIG_IGNORED', 'warning', `OSM only reads the MeshConfig named ${MESH_CONFIG_NAME}`)]
  }
  if (egressCount === 0) return []
  const out: Diagnostic[] = []
  if (config.spec?.featureFlags?.enableEgressPolicy === false) {
    out.push(diagnosticAt(config, ['spec', 'featureFlags', 'enableEgressPolicy'], 'OSM_EGRESS_POLICY_DISABLED', 'warning',
      'enableEgressPolicy is false: OSM v1.2 ignores every Egress policy'))
  }
  if (config.spec?.traffic?.enableEgress === true) {
    out.push(diagnosticAt(config, ['spec', 'traffic', 'enableEgress'], 'OSM_PASSTHROUGH_WITH_POLICIES', 'warning',
      'enableEgress passes every unmatched destination through: https/tcp Egress policies allow nothing more, http ones still restrict their ports (v1.2), and OSM main ignores them all',
      'set spec.traffic.enableEgress to false to enforce Egress policies'))
  }
  return out
}
