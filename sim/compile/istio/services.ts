import type {ServiceSpec} from '../../../src/model/k8s.js'
import type {ServiceEntrySpec} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Origin} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {ofKind} from '../select.js'
import {serviceTargetPort} from '../service-port.js'
import {serviceFqdn} from './names.js'
import {kubePortProtocol, parseProtocol, type Protocol} from './protocol.js'

/**
 * One host of Istio's service registry: a Kubernetes Service, or one host of a ServiceEntry (istio
 * pilot/pkg/serviceregistry/serviceentry/conversion.go makes one service per host).
 */
export interface MeshService {
  host: string
  namespace: string
  resource: Resource
  /** Where the host was written (spec.hosts[i], or the Service's metadata.name). */
  origin: Origin
  /** VIPs or CIDRs that key TCP/TLS listeners; empty ⇒ 0.0.0.0. */
  addresses: string[]
  ports: MeshPort[]
  /** ServiceEntry resolution; Kubernetes Services are EDS (ExternalName: DNS). */
  resolution: 'NONE' | 'STATIC' | 'DNS' | 'DNS_ROUND_ROBIN' | 'DYNAMIC_DNS' | 'EDS'
  /** ServiceEntry endpoints; for an ExternalName Service, its external name. */
  endpoints: Array<{address: string; ports: Record<string, number>; labels: Record<string, string>}>
  /** Kubernetes Service pod selector. */
  selector?: Record<string, string>
  /** exportTo as written; undefined ⇒ the mesh default. */
  exportTo?: string[]
  /** Extra HTTP domains: Kubernetes short names, by client namespace (istio httproute.go generateVirtualHostDomains). */
  shortNames: (clientNamespace: string) => string[]
}

export interface MeshPort {
  number: number
  name: string
  protocol: Protocol
  /** Port on the endpoint: a number, or a container port name (Kubernetes). */
  targetPort: number | string
  origin: Origin
}

/** Every service of the registry, oldest first (istio pilot/pkg/model/push_context.go sorts by creation time). */
export function meshServices(set: ModelSet): MeshService[] {
  const out: MeshService[] = []
  for (const r of ofKind<ServiceEntrySpec>(set, 'ServiceEntry', 'networking.istio.io')) out.push(...fromServiceEntry(r))
  for (const r of ofKind<ServiceSpec>(set, 'Service', '')) out.push(fromKubeService(r))
  return byCreation(out, (s) => s.resource)
}

/** Stable sort by metadata.creationTimestamp; objects without one keep input order after those with one. */
export function byCreation<T>(items: T[], resourceOf: (t: T) => Resource): T[] {
  return items
    .map((item, index) => ({item, index, at: resourceOf(item).metadata.creationTimestamp ?? '\uffff'}))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.index - b.index))
    .map((x) => x.item)
}

function fromServiceEntry(r: Resource<ServiceEntrySpec>): MeshService[] {
  const spec = r.spec
  const ports: MeshPort[] = (spec.ports ?? []).map((p, j) => ({
    number: p.number,
    name: p.name,
    protocol: parseProtocol(p.protocol) ?? 'AUTO',
    targetPort: p.targetPort ?? p.number,
    origin: originAt(r, 'spec', 'ports', j),
  }))
  const endpoints = (spec.endpoints ?? [])
    .filter((e) => typeof e.address === 'string')
    .map((e) => ({address: e.address as string, ports: e.ports ?? {}, labels: e.labels ?? {}}))
  return (spec.hosts ?? []).map((host, i) => ({
    host,
    namespace: r.metadata.namespace,
    resource: r,
    origin: originAt(r, 'spec', 'hosts', i),
    addresses: spec.addresses ?? [],
    ports,
    resolution: spec.resolution ?? 'NONE',
    endpoints,
    exportTo: spec.exportTo,
    shortNames: () => [],
  }))
}

function fromKubeService(r: Resource<ServiceSpec>): MeshService {
  const {name, namespace} = r.metadata
  const spec = r.spec ?? {}
  const vip = spec.clusterIP && spec.clusterIP !== 'None' ? [spec.clusterIP] : []
  const exportTo = r.metadata.annotations['networking.istio.io/exportTo']
  return {
    host: serviceFqdn(name, namespace),
    namespace,
    resource: r,
    origin: originAt(r, 'metadata', 'name'),
    addresses: vip,
    ports: (spec.ports ?? []).map((p, j) => ({
      number: p.port,
      name: p.name ?? '',
      protocol: kubePortProtocol(p),
      targetPort: serviceTargetPort(p),
      origin: originAt(r, 'spec', 'ports', j),
    })),
    resolution: spec.type === 'ExternalName' ? 'DNS' : 'EDS',
    endpoints: spec.type === 'ExternalName' && spec.externalName ? [{address: spec.externalName, ports: {}, labels: {}}] : [],
    selector: spec.type === 'ExternalName' ? undefined : spec.selector,
    exportTo: exportTo ? exportTo.split(',').map((s) => s.trim()) : undefined,
    shortNames: (client) => [...(client === namespace ? [name] : []), `${name}.${namespace}`, `${name}.${namespace}.svc`],
  }
}
