import type {ModelSet} from '../../src/model/set.js'
import type {Capture, Origin, Workload} from '../rules/types.js'
import {egressFirewall, type PeerPod} from './firewall.js'
import type {PodFacts} from './workload.js'

/**
 * The traced client as a workload: its pod, its sidecar's id and capture when injected, the setting that
 * decided injection, the NetworkPolicies on it.
 */
export function clientWorkload(set: ModelSet, pod: PodFacts, sidecar: {proxy: string; capture: Capture} | null, injection: Origin, peers: PeerPod[]): Workload {
  return {
    id: `${pod.namespace}/${pod.serviceAccount}`,
    namespace: pod.namespace,
    serviceAccount: pod.serviceAccount,
    labels: pod.labels,
    proxy: sidecar?.proxy ?? null,
    capture: sidecar?.capture ?? null,
    injection,
    firewall: egressFirewall(set, pod, peers),
    origin: pod.origin,
  }
}
