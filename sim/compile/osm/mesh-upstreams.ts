import type {ServiceSpec} from '../../../src/model/k8s.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption, Cluster, FilterChain} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {ofKind} from '../select.js'
import {parseIp} from '../../net/cidr.js'
import type {MeshSettings} from './meshconfig.js'
import {meshMembership} from './namespaces.js'
import {meshChainName, meshClusterName} from './names.js'

export interface MeshUpstreams {
  chains: FilterChain[]
  clusters: Cluster[]
  /** Ports of tcp-server-first upstreams: the inspectors are disabled there too. */
  serverFirstPorts: number[]
}

/**
 * In-mesh chains the client's outbound listener holds (pkg/envoy/lds/inmesh.go): one per Service port,
 * matching the ClusterIP as a /32, which beats any egress chain on the same port (osm.md §3). Only
 * permissive mode is modelled: there every Service in a monitored namespace is an upstream.
 */
export function meshUpstreams(set: ModelSet, settings: MeshSettings, assumptions: Assumption[]): MeshUpstreams {
  if (!settings.permissive.value) {
    if (ofKind(set, 'TrafficTarget').length > 0) {
      assumptions.push({code: 'SMI_NOT_MODELLED', says: 'SMI TrafficTargets are not simulated: the client is given no in-mesh upstreams'})
    }
    return {chains: [], clusters: [], serverFirstPorts: []}
  }
  const chains: FilterChain[] = []
  const clusters: Cluster[] = []
  const serverFirstPorts: number[] = []
  const unknownIp: string[] = []
  for (const service of ofKind<ServiceSpec>(set, 'Service')) {
    if (service.apiVersion !== 'v1') continue
    const {namespace, name} = service.metadata
    if (service.spec?.type === 'ExternalName' || !meshMembership(set, namespace, assumptions).monitored) continue
    const ip = service.spec?.clusterIP
    if (!ip || parseIp(ip)?.family !== 4) {
      unknownIp.push(`${namespace}/${name}`)
      continue
    }
    ;(service.spec.ports ?? []).forEach((p, i) => {
      const origin = originAt(service, 'spec', 'ports', i)
      const cluster = meshClusterName(namespace, name, p.port)
      const protocol = meshProtocol(p)
      if (protocol === 'tcp-server-first') serverFirstPorts.push(p.port)
      chains.push({
        name: meshChainName(namespace, name, p.port, protocol),
        match: {destinationPort: p.port, prefixRanges: [`${ip}/32`]},
        action: {kind: 'tcp_proxy', cluster},
        origin,
      })
      clusters.push({name: cluster, type: 'EDS', endpoints: [{host: `${name}.${namespace}.svc.cluster.local`, port: p.port}], origin})
    })
  }
  if (unknownIp.length > 0) {
    assumptions.push({
      code: 'MESH_SERVICE_IP_UNKNOWN',
      says: `no ClusterIP given for ${unknownIp.join(', ')} (or headless); their in-mesh chains are left out`,
    })
  }
  if (chains.length > 0) {
    assumptions.push({code: 'MESH_ROUTING_L4_ONLY', says: 'in-mesh upstreams are modelled as L4 chains to the Service; in-mesh HTTP routing is not simulated'})
  }
  return {chains, clusters, serverFirstPorts}
}

/** pkg/k8s/client.go: appProtocol, else the port name's prefix ("tcp-…"), else http. */
function meshProtocol(port: NonNullable<ServiceSpec['ports']>[number]): string {
  if (port.appProtocol) return port.appProtocol.toLowerCase()
  const prefix = ['tcp-server-first', 'tcp', 'grpc', 'http'].find((p) => port.name?.startsWith(`${p}-`))
  return prefix ?? 'http'
}
