import {podTemplates} from '../../sim/compile/workload.js'
import type {Client} from '../client/resolve-client.js'
import type {ModelSet} from '../model/set.js'
import {sourceString} from '../model/source.js'

/**
 * Generated pod-name suffixes, by owner kind. Kubernetes draws random suffixes from
 * k8s.io/apimachinery/pkg/util/rand's alphabet (no vowels, no 0/1/3): 5 characters for generateName
 * (ReplicaSet, DaemonSet, Job pods), and a Deployment's ReplicaSet adds its pod-template-hash
 * (rand.SafeEncodeString of a 32-bit hash, up to 10 characters). StatefulSet pods are NAME-ORDINAL;
 * CronJob pods NAME-SCHEDULEDMINUTES-XXXXX (Job) -XXXXX (pod).
 */
const R = '[bcdfghjklmnpqrstvwxz2456789]'
const SUFFIX: Record<string, RegExp> = {
  Pod: /^$/,
  Deployment: new RegExp(`^-${R}{1,10}-${R}{5}$`),
  ReplicaSet: new RegExp(`^-${R}{5}$`),
  DaemonSet: new RegExp(`^-${R}{5}$`),
  Job: new RegExp(`^-${R}{5}$`),
  StatefulSet: /^-\d+$/,
  CronJob: new RegExp(`^-\\d+-${R}{5}$`),
}

export type OwnerResult = {client: Client} | {error: string}

/**
 * Which Pod or workload in the input a pod of this name belongs to (the most specific: a Pod before its
 * ReplicaSet before its Deployment), as the client to trace. `namespace` narrows it when names repeat.
 */
export function podOwner(set: ModelSet, pod: string, namespace: string | undefined): OwnerResult {
  const matches = podTemplates(set).filter((t) => {
    const {name, namespace: ns} = t.resource.metadata
    if (namespace !== undefined && ns !== namespace) return false
    if (!pod.startsWith(name)) return false
    return SUFFIX[t.resource.kind]?.test(pod.slice(name.length)) ?? false
  })
  if (matches.length === 0)
    return {
      error: `pod/${pod}: no Pod or workload${namespace ? ` in namespace ${namespace}` : ''} in the input would make a pod of this name; add its Deployment (or Pod) to -f, or pass --from`,
    }
  const namespaces = [...new Set(matches.map((m) => m.resource.metadata.namespace))]
  if (namespaces.length > 1) return {error: `pod/${pod}: workloads in namespaces ${namespaces.join(', ')} would make a pod of this name; pass -n NAMESPACE`}
  const best = matches.reduce((a, b) => (b.resource.metadata.name.length > a.resource.metadata.name.length ? b : a))
  const {kind, metadata} = best.resource
  return {
    client: {
      namespace: metadata.namespace,
      serviceAccount: best.serviceAccount,
      pod: {kind, name: metadata.name},
      chosen: `pod/${pod} belongs to ${kind} ${metadata.namespace}/${metadata.name} (${sourceString(best.resource.source)}), which runs as ServiceAccount ${best.serviceAccount}`,
    },
  }
}
