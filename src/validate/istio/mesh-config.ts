import {parseMeshText} from '../../../sim/compile/istio/meshconfig.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'

const MODES = ['REGISTRY_ONLY', 'ALLOW_ANY', 'ALLOW_ANY_DYNAMIC_DNS']

/** The ConfigMap istio-system/istio: istiod refuses a `mesh` key that does not parse as MeshConfig. */
export function validateMeshConfigMap(r: Resource<Record<string, unknown>>): Diagnostic[] {
  const text = r.spec?.mesh
  if (text === undefined) return []
  const path = ['data', 'mesh']
  const config = typeof text === 'string' ? parseMeshText(text) : null
  if (!config) return [diagnosticAt(r, path, 'ISTIO_MESH_BAD_YAML', 'error', 'mesh is not a YAML mapping: istiod ignores this mesh config')]
  const mode = config.outboundTrafficPolicy?.mode
  if (mode !== undefined && !MODES.includes(mode)) {
    return [diagnosticAt(r, path, 'ISTIO_MESH_BAD_MODE', 'error', `outboundTrafficPolicy.mode: unknown value ${JSON.stringify(mode)}: supported values: ${MODES.join(', ')}`)]
  }
  return []
}
