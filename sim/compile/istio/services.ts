import type {ServiceSpec} from '../../../src/model/k8s.js'
import type {ServiceEntrySpec} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import {parseCidr, parseIp} from '../../net/cidr.js'
import type {Origin} from '../../rules/types.js'
import type {AutoAddress} from './address-allocation.js'
import {originAt} from '../locate.js'
import {ofKind} from '../select.js'
import {serviceTargetPort} from '../service-port.js'
import {endpointAddresses, type EndpointAddress} from './endpoint-slices.js'
import {serviceFqdn} from './names.js'
import {kubePortProtocol, parseProtocol, type Protocol} from './protocol.js'

/** 0.0.0.0: Istio's "no address" (constants.UnspecifiedIP). */
export const UNSPECIFIED_IP = '0.0.0.0'

/**
 * One service of Istio's registry: a Kubernetes Service, or one host × address of a ServiceEntry
 * (istio pilot/pkg/serviceregistry/serviceentry/conversion.go convertServices makes one service per host
 * and per address).
 */
export interface MeshService {
  host: string
  namespace: string
  /** Istio's Attributes.Name: the Service's name, a ServiceEntry's host; it breaks creation-time ties. */
  name: string
  registry: 'Kubernetes' | 'External'
  resource: Resource
  /** Where the host was written (spec.hosts[i], or the Service's metadata.name). */
  origin: Origin
  /**
   * Istio's DefaultAddress: the ClusterIP, this instance's ServiceEntry address (an IP, or a CIDR shorter
   * than the family's length), or 0.0.0.0 when there is none.
   */
  address: string
  /** Further ClusterIPs of a dual-stack Service. */
  extraAddresses: string[]
  /** A ServiceEntry host without addresses: what istiod's allocator gave it (see address-allocation.ts). */
  autoAllocated?: AutoAddress
  ports: MeshPort[]
  /**
   * NONE: original destination (a ServiceEntry with resolution NONE, a headless Service); EDS: a
   * Kubernetes Service's endpoints or STATIC; ALIAS: an ExternalName Service (istio model.Alias).
   */
  resolution: 'NONE' | 'STATIC' | 'DNS' | 'DNS_ROUND_ROBIN' | 'DYNAMIC_DNS' | 'EDS' | 'ALIAS'
  /** ALIAS: the external name the alias stands for. */
  aliasFor?: string
  /** ServiceEntry endpoints. */
  endpoints: Array<{address: string; ports: Record<string, number>; labels: Record<string, string>}>
  /** Headless Services: the endpoint addresses of each port, from EndpointSlices or Pods. */
  endpointAddresses?: (port: MeshPort) => EndpointAddress[]
  /** Kubernetes Service pod selector. */
  selector?: Record<string, string>
  /** exportTo as written; undefined ⇒ the mesh default. */
  exportTo?: string[]
  /** Extra HTTP domains: Kubernetes short names, by client namespace (istio httproute.go GenerateAltVirtualHosts). */
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

/** Every service of the registry, oldest first (istio pilot/pkg/model/push_context.go SortServicesByCreationTime). */
export function meshServices(set: ModelSet): MeshService[] {
  const out: MeshService[] = []
  for (const r of ofKind<ServiceEntrySpec>(set, 'ServiceEntry', 'networking.istio.io')) out.push(...fromServiceEntry(r))
  for (const r of ofKind<ServiceSpec>(set, 'Service', '')) out.push(fromKubeService(set, r))
  return byCreation(
    out,
    (s) => s.resource,
    (s) => s.name,
  )
}

/**
 * Stable sort by metadata.creationTimestamp, then name, then namespace (istio pilot/pkg/model/config.go
 * configCompareByCreationTime; objects created in the same second are ordered so). Objects without a
 * timestamp have not been created yet: they come after those with one.
 */
export function byCreation<T>(items: T[], resourceOf: (t: T) => Resource, nameOf: (t: T) => string = (t) => resourceOf(t).metadata.name): T[] {
  const key = (item: T) => {
    const r = resourceOf(item)
    return {at: r.metadata.creationTimestamp ?? '\uffff', name: nameOf(item), namespace: r.metadata.namespace}
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return items
    .map((item, index) => ({item, index, ...key(item)}))
    .sort((a, b) => cmp(a.at, b.at) || cmp(a.name, b.name) || cmp(a.namespace, b.namespace) || a.index - b.index)
    .map((x) => x.item)
}

/**
 * The addresses a ServiceEntry lists, as Istio keys services by them: IPs as they are, a CIDR as a range,
 * except that a CIDR as long as its family (/32, /128) becomes its IP. Anything else is dropped here
 * (validation reports it).
 */
function serviceEntryAddresses(addresses: string[]): string[] {
  return addresses.flatMap((a) => {
    if (parseIp(a)) return [a]
    const cidr = parseCidr(a)
    if (!cidr) return []
    return [cidr.prefix === (cidr.family === 4 ? 32 : 128) ? a.slice(0, a.indexOf('/')) : a]
  })
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
  const endpoints = (spec.endpoints ?? []).filter((e) => typeof e.address === 'string').map((e) => ({address: e.address as string, ports: e.ports ?? {}, labels: e.labels ?? {}}))
  const addresses = serviceEntryAddresses(spec.addresses ?? [])
  return (spec.hosts ?? []).flatMap((host, i) =>
    (addresses.length > 0 ? addresses : [UNSPECIFIED_IP]).map(
      (address): MeshService => ({
        host,
        namespace: r.metadata.namespace,
        name: host,
        registry: 'External',
        resource: r,
        origin: originAt(r, 'spec', 'hosts', i),
        address,
        extraAddresses: [],
        ports,
        resolution: spec.resolution ?? 'NONE',
        endpoints,
        exportTo: spec.exportTo,
        shortNames: () => [],
      }),
    ),
  )
}

/**
 * istio pilot/pkg/serviceregistry/kube/conversion.go ConvertService: an ExternalName Service is an alias
 * (model.Alias), a headless one (clusterIP None) passes traffic through to the dialled pod.
 */
function fromKubeService(set: ModelSet, r: Resource<ServiceSpec>): MeshService {
  const {name, namespace} = r.metadata
  const spec = r.spec ?? {}
  const clusterIPs = (spec as {clusterIPs?: string[]}).clusterIPs ?? []
  const alias = spec.type === 'ExternalName' && spec.externalName ? spec.externalName : undefined
  const headless = spec.clusterIP === 'None'
  const vips = headless || !spec.clusterIP ? [] : clusterIPs.length > 1 ? clusterIPs : [spec.clusterIP]
  const exportTo = r.metadata.annotations['networking.istio.io/exportTo']
  const ports = (spec.ports ?? []).map((p, j) => ({
    number: p.port,
    name: p.name ?? '',
    protocol: kubePortProtocol(p),
    targetPort: serviceTargetPort(p),
    origin: originAt(r, 'spec', 'ports', j),
  }))
  return {
    host: serviceFqdn(name, namespace),
    namespace,
    name,
    registry: 'Kubernetes',
    resource: r,
    origin: originAt(r, 'metadata', 'name'),
    address: vips[0] ?? UNSPECIFIED_IP,
    extraAddresses: vips.slice(1),
    ports,
    resolution: alias ? 'ALIAS' : headless ? 'NONE' : 'EDS',
    ...(alias ? {aliasFor: alias} : {}),
    endpoints: [],
    ...(headless && !alias ? {endpointAddresses: (port: MeshPort) => endpointAddresses(set, r, port)} : {}),
    selector: alias ? undefined : spec.selector,
    exportTo: exportTo ? exportTo.split(',').map((s) => s.trim()) : undefined,
    shortNames: (client) => [...(client === namespace ? [name] : []), `${name}.${namespace}`, `${name}.${namespace}.svc`],
  }
}
