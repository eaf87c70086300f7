import {parseIp} from '../net/cidr.js'
import type {MeshTable, NameRecord} from '../rules/types.js'
import {type Recorded, step} from './recorded.js'

/**
 * The record a pod's resolver returns for `host`: Kubernetes pods search `<ns>.svc.cluster.local`,
 * `svc.cluster.local` and `cluster.local` first for names with fewer than five dots (ndots:5), then the
 * name as given; a trailing dot makes the name absolute.
 */
export function resolveName(names: Record<string, NameRecord>, host: string, clientNamespace: string): {name: string; record: NameRecord} | null {
  if (parseIp(host)) return null
  const lower = host.toLowerCase()
  const candidates = lower.endsWith('.')
    ? [lower.slice(0, -1)]
    : [...((lower.match(/\./g) ?? []).length < 5 ? [`${clientNamespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'].map((s) => `${lower}.${s}`) : []), lower]
  for (const name of candidates) {
    const record = names[name]
    if (record) return {name, record}
  }
  return null
}

/** The client's DNS answer for a name, when the input states it (a Service's ClusterIP, an address the sidecar's DNS proxy hands out). */
export function dnsStage(table: MeshTable, host: string): Recorded & {address?: string} {
  const found = table.names && resolveName(table.names, host, table.client.namespace)
  if (!found) return {steps: []}
  const {name, record} = found
  return {
    address: record.address,
    steps: [step('dns', {proxy: table.client.id, kind: 'dns-record', name, origin: record.origin}, [], {code: 'RESOLVED', host, address: record.address, by: record.by})],
  }
}
