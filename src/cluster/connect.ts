import type {KubernetesObject, KubernetesObjectApi} from '@kubernetes/client-node'
import {resolveKubeconfig, type ClusterFlags} from './kubeconfig.js'

export type ClientNode = typeof import('@kubernetes/client-node')

/** A connection to the cluster the kubeconfig names. Creating one loads client-node (about a second). */
export interface Cluster {
  context: string
  /** -n, else the context's namespace, else "default". */
  namespace: string
  server: string
  k8s: ClientNode
  objects: KubernetesObjectApi
  /** An object as the API server wrote it: client-node's model classes turned back into plain JSON. */
  plain(obj: KubernetesObject, apiVersion: string, kind: string): Record<string, unknown>
  /** "apps/v1", "policy.openservicemesh.io/v1alpha1", … (one discovery request, cached). */
  servedVersions(): Promise<ReadonlySet<string>>
}

export async function connect(flags: ClusterFlags): Promise<Cluster> {
  const resolved = resolveKubeconfig(flags)
  const k8s = await import('@kubernetes/client-node')
  const {ObjectSerializer} = await import('@kubernetes/client-node/dist/gen/models/ObjectSerializer.js')
  const kc = new k8s.KubeConfig()
  kc.loadFromString(JSON.stringify(resolved.config))
  let served: Promise<ReadonlySet<string>> | undefined
  return {
    context: resolved.context,
    namespace: resolved.namespace,
    server: resolved.server,
    k8s,
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
    plain(obj, apiVersion, kind) {
      const version = apiVersion.slice(apiVersion.indexOf('/') + 1)
      const type = version.charAt(0).toUpperCase() + version.slice(1) + kind
      const {apiVersion: _v, kind: _k, ...rest} = ObjectSerializer.serialize(obj, type, '') as Record<string, unknown>
      return {apiVersion, kind, ...rest}
    },
    servedVersions() {
      served ??= kc
        .makeApiClient(k8s.ApisApi)
        .getAPIVersions()
        .then((list) => new Set(['v1', ...list.groups.flatMap((g) => g.versions.map((v) => v.groupVersion))]))
      return served
    },
  }
}
