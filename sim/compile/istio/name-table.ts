import type {NameRecord} from '../../rules/types.js'
import {originAt} from '../locate.js'
import type {ProxyDns} from './proxy-metadata.js'
import {UNSPECIFIED_IP, type MeshService} from './services.js'
import type {Scope} from './sidecar-scope.js'

/**
 * What the client's resolver answers with an address the input states. kube-dns: a Service's ClusterIP,
 * a headless Service's first ready endpoint, an ExternalName as the CNAME of its target. With DNS
 * capture the sidecar's agent answers first for the hosts its proxy knows, with the address its listeners
 * use (istio pkg/dns/server/name_table.go BuildNameTable: VIPs, ServiceEntry addresses, auto-allocated
 * ones); other names go on to kube-dns.
 */
export function nameTable(services: MeshService[], scope: Scope | null, dns: ProxyDns): Record<string, NameRecord> {
  const out: Record<string, NameRecord> = {}
  const kube = services.filter((s) => s.registry === 'Kubernetes')
  for (const s of kube) {
    if (s.resolution === 'EDS' && s.address !== UNSPECIFIED_IP) {
      out[s.host] = {address: s.address, by: 'kube-dns', origin: originAt(s.resource, 'spec', 'clusterIP')}
    } else if (s.endpointAddresses && s.ports.length > 0) {
      const first = s.endpointAddresses(s.ports[0])[0]
      if (first) out[s.host] = {address: first.address, by: 'kube-dns', origin: first.origin}
    }
  }
  for (const s of kube) {
    if (s.resolution !== 'ALIAS' || !s.aliasFor) continue
    const target = out[s.aliasFor.toLowerCase().replace(/\.$/, '')]
    if (target) out[s.host] = {...target, origin: originAt(s.resource, 'spec', 'externalName')}
  }
  if (!dns.capture.value || !scope) return out
  for (const s of scope.services) {
    const address = scope.addressOf(s)
    if (s.resolution === 'ALIAS' || s.host.startsWith('*') || address === UNSPECIFIED_IP || address.includes('/')) continue
    out[s.host.toLowerCase()] = {address, by: 'istio-dns-proxy', origin: s.autoAllocated && s.address === UNSPECIFIED_IP ? s.autoAllocated.origin : s.origin}
  }
  return out
}
