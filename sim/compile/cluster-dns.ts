import type {ServiceSpec} from '../../src/model/k8s.js'
import type {ModelSet} from '../../src/model/set.js'
import {parseIp} from '../net/cidr.js'
import type {NameRecord} from '../rules/types.js'
import {originAt} from './locate.js'
import {ofKind} from './select.js'

/**
 * What kube-dns answers for each Service with a ClusterIP, by fully qualified name (Kubernetes DNS spec,
 * "Services": <svc>.<ns>.svc.cluster.local); the trace's resolver completes short names through the pod's
 * search path. Headless and ExternalName Services have no ClusterIP to give.
 */
export function clusterDns(set: ModelSet): Record<string, NameRecord> {
  const out: Record<string, NameRecord> = {}
  for (const s of ofKind<ServiceSpec>(set, 'Service')) {
    const ip = s.spec?.clusterIP
    if (s.apiVersion !== 'v1' || s.spec?.type === 'ExternalName' || !ip || !parseIp(ip)) continue
    out[`${s.metadata.name}.${s.metadata.namespace}.svc.cluster.local`.toLowerCase()] ??= {address: ip, by: 'kube-dns', origin: originAt(s, 'spec', 'clusterIP')}
  }
  return out
}
