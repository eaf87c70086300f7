import {makeSend, type Send} from './api.js'
import {discovery, type ApiResource} from './discovery.js'
import {resolveKubeconfig, type ClusterFlags} from './kubeconfig.js'
import {requestTimeoutSeconds} from './request-timeout.js'

/** A connection to the cluster the kubeconfig names. Creating one loads client-node's KubeConfig (about a second). */
export interface Cluster {
  context: string
  /** -n, else the context's namespace, else "default". */
  namespace: string
  server: string
  send: Send
  /** "apps/v1", "policy.openservicemesh.io/v1alpha1", … (one discovery request, cached). */
  servedVersions(): Promise<ReadonlySet<string>>
  /** The resource that serves `kind` in `apiVersion`, or undefined when none does (its CRD is not installed). */
  resource(apiVersion: string, kind: string): Promise<ApiResource | undefined>
}

export async function connect(flags: ClusterFlags): Promise<Cluster> {
  const timeoutSeconds = requestTimeoutSeconds(flags.requestTimeout)
  const resolved = resolveKubeconfig(flags)
  const {KubeConfig} = await import('@kubernetes/client-node')
  const kc = new KubeConfig()
  kc.loadFromString(JSON.stringify(resolved.config))
  const send = makeSend(kc, resolved.server, timeoutSeconds)
  return {context: resolved.context, namespace: resolved.namespace, server: resolved.server, send, ...discovery(send)}
}
