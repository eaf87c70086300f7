/**
 * The kinds that decide egress, read from a cluster. `apiVersions` lists the versions to try, newest first:
 * Istio serves networking.istio.io/v1 only from 1.22 on. Every kind is read from every namespace unless -n
 * narrows it, except `meshConfig` kinds: the mesh's settings live in its own namespace (osm-system,
 * istio-system) and every verdict depends on them.
 */
export interface WatchedKind {
  kind: string
  apiVersions: readonly string[]
  namespaced: boolean
  meshConfig: boolean
  /** Who installs the CRD, for "is OSM installed?"; absent for built-in kinds. */
  product?: 'OSM' | 'Istio'
  fieldSelector?: string
}

const OSM = {product: 'OSM', namespaced: true, meshConfig: false} as const
const ISTIO = {
  product: 'Istio',
  namespaced: true,
  meshConfig: false,
  apiVersions: ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'],
} as const
const CORE = {namespaced: true, meshConfig: false} as const

export const WATCHED_KINDS: readonly WatchedKind[] = [
  {kind: 'Namespace', apiVersions: ['v1'], namespaced: false, meshConfig: false},
  {kind: 'MeshConfig', apiVersions: ['config.openservicemesh.io/v1alpha2'], ...OSM, meshConfig: true},
  {kind: 'Egress', apiVersions: ['policy.openservicemesh.io/v1alpha1'], ...OSM},
  {kind: 'HTTPRouteGroup', apiVersions: ['specs.smi-spec.io/v1alpha4'], ...OSM},
  {kind: 'UpstreamTrafficSetting', apiVersions: ['policy.openservicemesh.io/v1alpha1'], ...OSM},
  {kind: 'ServiceEntry', ...ISTIO},
  {kind: 'VirtualService', ...ISTIO},
  {kind: 'Gateway', ...ISTIO},
  {kind: 'DestinationRule', ...ISTIO},
  {kind: 'Sidecar', ...ISTIO},
  // Istio's mesh config: the ConfigMap "istio" in the root namespace.
  {kind: 'ConfigMap', apiVersions: ['v1'], namespaced: true, meshConfig: true, fieldSelector: 'metadata.name=istio'},
  {kind: 'ServiceAccount', apiVersions: ['v1'], ...CORE},
  {kind: 'Pod', apiVersions: ['v1'], ...CORE},
  {kind: 'Deployment', apiVersions: ['apps/v1'], ...CORE},
  // Every kind `--from TYPE/NAME` can name (src/client/resolve-client.ts) describes pods.
  {kind: 'StatefulSet', apiVersions: ['apps/v1'], ...CORE},
  {kind: 'DaemonSet', apiVersions: ['apps/v1'], ...CORE},
  {kind: 'ReplicaSet', apiVersions: ['apps/v1'], ...CORE},
  {kind: 'Job', apiVersions: ['batch/v1'], ...CORE},
  {kind: 'CronJob', apiVersions: ['batch/v1'], ...CORE},
  {kind: 'Service', apiVersions: ['v1'], ...CORE},
  {kind: 'NetworkPolicy', apiVersions: ['networking.k8s.io/v1'], ...CORE},
]

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''
}

/** The product whose CRDs serve this API group, for error messages. */
export function productOfGroup(group: string): string | undefined {
  return WATCHED_KINDS.find((k) => k.product && k.apiVersions.some((v) => groupOf(v) === group))?.product
}

/** `egress`, `egresses`, `Egress` → the watched kind, as kubectl accepts them. */
export function kindNamed(word: string): WatchedKind | undefined {
  const w = word.toLowerCase()
  return WATCHED_KINDS.find((k) => {
    const lower = k.kind.toLowerCase()
    return w === lower || w === plural(lower)
  })
}

function plural(lower: string): string {
  if (lower.endsWith('s')) return lower + 'es'
  if (lower.endsWith('y')) return lower.slice(0, -1) + 'ies'
  return lower + 's'
}

/** Kinds that have no namespace; everything else written without one goes to -n (or the context's). */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
])

export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED.has(kind)
}
