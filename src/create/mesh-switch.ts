import {MESH_CONFIG_GROUP, MESH_CONFIG_NAME} from '../../sim/compile/osm/api.js'
import type {Manifest} from './osm.js'

export interface MeshSwitch {
  mesh: 'osm' | 'osm-edge' | 'istio'
  /** OSM spec.traffic.enableEgress: pass unknown destinations through. */
  enableEgress?: boolean
  /** OSM spec.featureFlags.enableEgressPolicy: honour Egress policies (v1.2). */
  enableEgressPolicy?: boolean
  /** Istio meshConfig.outboundTrafficPolicy.mode. */
  outboundTrafficPolicy?: 'ALLOW_ANY' | 'REGISTRY_ONLY'
  /** Where the mesh's control plane runs. */
  controlPlaneNamespace: string
}

/**
 * The mesh-wide switch as the partial object to merge (OSM: MeshConfig osm-mesh-config, osm.md §1.4;
 * Istio: an IstioOperator overlay, because the `istio` ConfigMap holds meshConfig as one YAML string
 * that a merge patch would replace whole) and as the one command that applies it.
 */
export function meshSwitch(s: MeshSwitch): {object: Manifest; command: string} | {problem: string} {
  if (s.mesh === 'istio') {
    if (s.enableEgress !== undefined || s.enableEgressPolicy !== undefined)
      return {problem: '--enable-egress and --enable-egress-policy are OSM switches; Istio has --outbound-traffic-policy'}
    if (!s.outboundTrafficPolicy) return {problem: 'say the switch: --outbound-traffic-policy REGISTRY_ONLY|ALLOW_ANY'}
    const meshConfig = {outboundTrafficPolicy: {mode: s.outboundTrafficPolicy}}
    return {
      object: {apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: {name: 'outbound-traffic-policy', namespace: s.controlPlaneNamespace}, spec: {meshConfig}},
      command: `istioctl install --set meshConfig.outboundTrafficPolicy.mode=${s.outboundTrafficPolicy}`,
    }
  }
  if (s.outboundTrafficPolicy) return {problem: '--outbound-traffic-policy is an Istio switch; OSM has --enable-egress and --enable-egress-policy'}
  if (s.enableEgress === undefined && s.enableEgressPolicy === undefined) return {problem: 'say the switch: --enable-egress=true|false and/or --enable-egress-policy=true|false'}
  const spec = {
    ...(s.enableEgress !== undefined ? {traffic: {enableEgress: s.enableEgress}} : {}),
    ...(s.enableEgressPolicy !== undefined ? {featureFlags: {enableEgressPolicy: s.enableEgressPolicy}} : {}),
  }
  return {
    object: {apiVersion: `${MESH_CONFIG_GROUP}/v1alpha2`, kind: 'MeshConfig', metadata: {name: MESH_CONFIG_NAME, namespace: s.controlPlaneNamespace}, spec},
    command: `kubectl patch meshconfig ${MESH_CONFIG_NAME} -n ${s.controlPlaneNamespace} --type=merge -p '${JSON.stringify({spec})}'`,
  }
}
