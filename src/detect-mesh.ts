import type {ModelSet} from './model/set.js'
import type {MeshName} from '../sim/compile/index.js'

const OSM_GROUPS = ['policy.openservicemesh.io', 'config.openservicemesh.io', 'specs.smi-spec.io']
const ISTIO_GROUPS = ['networking.istio.io', 'security.istio.io']

/**
 * Which mesh the resources are written for. osm-edge shares OSM's API; it is recognised by a MeshConfig
 * whose sidecar class is pipy (osm-edge MeshConfig spec.sidecar.sidecarClass).
 */
export function detectMesh(set: ModelSet): {mesh: MeshName; why: string} | {error: string} {
  const group = (v: string) => (v.includes('/') ? v.slice(0, v.indexOf('/')) : '')
  const osm = set.resources.find((r) => OSM_GROUPS.includes(group(r.apiVersion)))
  const istio = set.resources.find(
    (r) =>
      ISTIO_GROUPS.includes(group(r.apiVersion)) ||
      (r.kind === 'ConfigMap' && r.metadata.name === 'istio') ||
      r.kind === 'IstioOperator' ||
      // A Gateway API Gateway of one of Istio's classes (pilot/pkg/config/kube/gatewaycommon/classinfo.go).
      (group(r.apiVersion) === 'gateway.networking.k8s.io' &&
        r.kind === 'Gateway' &&
        ['istio', 'istio-waypoint'].includes((r.spec as {gatewayClassName?: string} | undefined)?.gatewayClassName ?? '')),
  )
  if (osm && istio) return {error: `the resources mix OSM (${osm.kind}/${osm.metadata.name}) and Istio (${istio.kind}/${istio.metadata.name}); pass --mesh`}
  if (osm) {
    const pipy = set.resources.find((r) => r.kind === 'MeshConfig' && (r.spec as {sidecar?: {sidecarClass?: string}} | undefined)?.sidecar?.sidecarClass === 'pipy')
    if (pipy) return {mesh: 'osm-edge', why: `MeshConfig ${pipy.metadata.namespace}/${pipy.metadata.name} sets sidecarClass pipy`}
    return {mesh: 'osm', why: `${osm.kind} ${osm.metadata.namespace}/${osm.metadata.name} is an OSM resource`}
  }
  if (istio) return {mesh: 'istio', why: `${istio.kind} ${istio.metadata.namespace}/${istio.metadata.name} is an Istio resource`}
  return {error: 'cannot tell which mesh these resources are for; pass --mesh osm|osm-edge|istio'}
}
