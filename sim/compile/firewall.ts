import type {LabelSelector, NetworkPolicySpec} from '../../src/model/k8s.js'
import type {Resource} from '../../src/model/resource.js'
import type {ModelSet} from '../../src/model/set.js'
import type {EgressFirewall, FirewallPeer, FirewallRule} from '../rules/types.js'
import {originAt} from './locate.js'
import {find, ofKind, selects} from './select.js'

/** A pod the input describes, under the id the rule table gives it. */
export interface PeerPod {
  id: string
  namespace: string
  labels: Record<string, string>
}

type NetworkPolicy = Resource<NetworkPolicySpec>
type Peer = NonNullable<NonNullable<NetworkPolicySpec['egress']>[number]['to']>[number]

/** policyTypes defaults to Ingress, plus Egress when the policy has an egress section (kubernetes networking/v1 types.go). */
export function policyTypes(spec: NetworkPolicySpec): string[] {
  return spec.policyTypes ?? ['Ingress', ...(spec.egress ? ['Egress'] : [])]
}

/** Namespace labels, with the kubernetes.io/metadata.name label the API server sets on every namespace. */
function namespaceLabels(set: ModelSet, name: string): Record<string, string> {
  const ns = find(set, 'Namespace', '', name)
  return {...(ns?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name}
}

function describeSelector(s: LabelSelector | undefined): string {
  const parts = [
    ...Object.entries(s?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(s?.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values ? ' (' + e.values.join(',') + ')' : ''}`),
  ]
  return parts.length ? parts.join(',') : 'all'
}

/** Selector peers name pods; they are resolved here to the ids of the pods the input describes. */
function resolvePeer(set: ModelSet, policy: NetworkPolicy, peer: Peer, pods: PeerPod[]): FirewallPeer {
  if (peer.ipBlock) return {kind: 'ipBlock', cidr: peer.ipBlock.cidr, except: peer.ipBlock.except ?? []}
  const inNamespace = (p: PeerPod) => (peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels(set, p.namespace)) : p.namespace === policy.metadata.namespace)
  const ids = pods.filter((p) => inNamespace(p) && selects(peer.podSelector, p.labels)).map((p) => p.id)
  const describe = [
    peer.namespaceSelector ? `namespaces ${describeSelector(peer.namespaceSelector)}` : `namespace ${policy.metadata.namespace}`,
    `pods ${describeSelector(peer.podSelector)}`,
  ].join(', ')
  return {kind: 'workloads', ids: [...new Set(ids)], describe}
}

function rules(set: ModelSet, policy: NetworkPolicy, pods: PeerPod[]): FirewallRule[] {
  return (policy.spec.egress ?? []).map((rule, i) => ({
    to: (rule.to ?? []).map((peer) => resolvePeer(set, policy, peer, pods)),
    ports: (rule.ports ?? []).map((p) => ({
      protocol: p.protocol ?? 'TCP',
      ...(typeof p.port === 'number' ? {port: p.port} : typeof p.port === 'string' ? {portName: p.port} : {}),
      ...(p.endPort !== undefined ? {endPort: p.endPort} : {}),
    })),
    origin: originAt(policy, 'spec', 'egress', i),
  }))
}

/**
 * The NetworkPolicy egress rules for a pod (kubernetes.io network-policies): it is isolated by every policy
 * in its namespace that selects it and has Egress among its policyTypes; allowed connections are the union
 * of those policies' rules. `pods` are the pods selector peers may name.
 */
export function egressFirewall(set: ModelSet, pod: {namespace: string; labels: Record<string, string>}, pods: PeerPod[]): EgressFirewall {
  const isolating = ofKind<NetworkPolicySpec>(set, 'NetworkPolicy', 'networking.k8s.io').filter(
    (p) => p.metadata.namespace === pod.namespace && selects(p.spec.podSelector, pod.labels) && policyTypes(p.spec).includes('Egress'),
  )
  return {
    isolatedBy: isolating.map((p) => originAt(p, 'spec', ...(p.spec.policyTypes ? ['policyTypes'] : ['egress']))),
    rules: isolating.flatMap((p) => rules(set, p, pods)),
  }
}
