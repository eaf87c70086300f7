import {podTemplates} from '../../sim/compile/workload.js'
import type {ModelSet} from '../model/set.js'

/**
 * Every client identity either set speaks of: ServiceAccounts named as sources of an OSM Egress, and the
 * ServiceAccount of every pod or workload template. Sorted, as NAMESPACE/SERVICEACCOUNT.
 */
export function clientIdentities(sets: readonly ModelSet[]): string[] {
  const ids = new Set<string>()
  for (const set of sets) {
    for (const r of set.resources) {
      if (r.kind !== 'Egress') continue
      const sources = (r.spec as {sources?: Array<{kind?: string; name?: string; namespace?: string}>} | undefined)?.sources
      for (const s of Array.isArray(sources) ? sources : []) if (s?.kind === 'ServiceAccount' && s.name && s.namespace) ids.add(`${s.namespace}/${s.name}`)
    }
    for (const p of podTemplates(set)) ids.add(`${p.resource.metadata.namespace || 'default'}/${p.serviceAccount}`)
  }
  return [...ids].sort()
}
