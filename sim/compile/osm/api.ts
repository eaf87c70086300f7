/** The OSM API identifiers the compiler and the validator look for (osm.md §1). */

export const EGRESS_API_VERSION = 'policy.openservicemesh.io/v1alpha1'
export const UPSTREAM_TRAFFIC_SETTING_API_VERSION = 'policy.openservicemesh.io/v1alpha1'
export const HTTP_ROUTE_GROUP_API_VERSION = 'specs.smi-spec.io/v1alpha4'
/** The MeshConfig version OSM v1.2 writes; v1alpha1 is still served (deprecated), so the whole group is read. */
export const MESH_CONFIG_API_VERSION = 'config.openservicemesh.io/v1alpha2'
export const MESH_CONFIG_GROUP = 'config.openservicemesh.io'

/** OSM reads exactly one MeshConfig, by this name, in its control-plane namespace. */
export const MESH_CONFIG_NAME = 'osm-mesh-config'

/** Namespace label that puts a namespace in the mesh (pkg/constants: OSMKubeResourceMonitorAnnotation). */
export const MONITORED_BY_LABEL = 'openservicemesh.io/monitored-by'
/** Pod or namespace annotation read by the injector (pkg/injector/webhook.go mustInject). */
export const SIDECAR_INJECTION_ANNOTATION = 'openservicemesh.io/sidecar-injection'

/** pkg/injector/exclusions.go: per-pod additions to the MeshConfig lists. */
export const OUTBOUND_IP_EXCLUSION_ANNOTATION = 'openservicemesh.io/outbound-ip-range-exclusion-list'
export const OUTBOUND_IP_INCLUSION_ANNOTATION = 'openservicemesh.io/outbound-ip-range-inclusion-list'
export const OUTBOUND_PORT_EXCLUSION_ANNOTATION = 'openservicemesh.io/outbound-port-exclusion-list'

/** pkg/constants/constants.go: the protocols an Egress port can usefully name. */
export const EGRESS_PROTOCOLS = ['http', 'https', 'tcp', 'tcp-server-first'] as const
export type EgressProtocol = (typeof EGRESS_PROTOCOLS)[number]

export function isEgressProtocol(p: string): p is EgressProtocol {
  return (EGRESS_PROTOCOLS as readonly string[]).includes(p)
}
