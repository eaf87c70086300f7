import {MESH_CONFIG_NAME} from '../../../sim/compile/osm/api.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {MeshConfigSpec} from '../../model/osm.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'

/** MeshConfig switches that make Egress policies do nothing, or less than they seem to. */
export function meshConfigWarnings(config: Resource<MeshConfigSpec>, egressCount: number, mesh: 'osm' | 'osm-edge'): Diagnostic[] {
  if (config.metadata.name !== MESH_CONFIG_NAME) {
    return [diagnosticAt(config, ['metadata', 'name'], 'OSM_MESHCONFIG_IGNORED', 'warning', `OSM only reads the MeshConfig named ${MESH_CONFIG_NAME}`)]
  }
  if (egressCount === 0) return []
  const out: Diagnostic[] = []
  if (config.spec?.featureFlags?.enableEgressPolicy === false) {
    out.push(
      diagnosticAt(
        config,
        ['spec', 'featureFlags', 'enableEgressPolicy'],
        'OSM_EGRESS_POLICY_DISABLED',
        'warning',
        'enableEgressPolicy is false: OSM v1.2 ignores every Egress policy',
      ),
    )
  }
  if (config.spec?.traffic?.enableEgress === true) {
    // osm-edge outbound-main.js: passthrough only where no destination takes the connection, and an
    // http or https destination (no SNI) takes every connection on its port.
    const message =
      mesh === 'osm'
        ? 'enableEgress passes every unmatched destination through: https/tcp Egress policies allow nothing more, http ones still restrict their ports (v1.2), and OSM main ignores them all'
        : 'enableEgress passes every connection on a port without an Egress destination through; on a port with one, the policy decides: http ports only route their hosts, https ports send every TLS connection to their hosts'
    out.push(
      diagnosticAt(
        config,
        ['spec', 'traffic', 'enableEgress'],
        'OSM_PASSTHROUGH_WITH_POLICIES',
        'warning',
        message,
        'set spec.traffic.enableEgress to false to enforce Egress policies',
      ),
    )
  }
  return out
}
