import {parseIp} from '../net/cidr.js'
import type {NameRecord} from '../rules/types.js'

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
    : [
        ...((lower.match(/\./g) ?? []).length < 5 ? [`${clientNamespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'].map((s) => `${lower}.${s}`) : []),
        lower,
      ]
  for (const name of candidates) {
    const record = names[name]
    if (record) return {name, record}
  }
  return null
}
