import type {ServiceSpec} from '../../src/model/k8s.js'
import type {ModelSet} from '../../src/model/set.js'
import {parseIp} from '../net/cidr.js'
import type {ClusterDns} from '../rules/types.js'
import {originAt} from './locate.js'
import {ofKind} from './select.js'

/**
 * The names cluster DNS answers with a Service's ClusterIP for a pod in `clientNamespace` (Kubernetes DNS
 * spec, "Services": <svc>.<ns>.svc.<zone>), with the short forms the pod's resolv.conf search path
 * (<ns>.svc.cluster.local svc.cluster.local cluster.local, ndots:5) completes: <svc>.<ns>.svc, <svc>.<ns>,
 * and <svc> in the pod's own namespace. Headless and ExternalName Services have no ClusterIP to give.
 */
export function clusterDns(set: ModelSet, clientNamespace: string): ClusterDns {
  const out: ClusterDns = {}
  for (const s of ofKind<ServiceSpec>(set, 'Service')) {
    const ip = s.spec?.clusterIP
    if (s.apiVersion !== 'v1' || s.spec?.type === 'ExternalName' || !ip || !parseIp(ip)) continue
    const {name, namespace} = s.metadata
    const names = [`${name}.${namespace}.svc.cluster.local`, `${name}.${namespace}.svc`, `${name}.${namespace}`, ...(namespace === clientNamespace ? [name] : [])]
    for (const n of names) out[n] ??= {ip, origin: originAt(s, 'spec', 'clusterIP')}
  }
  return out
}
