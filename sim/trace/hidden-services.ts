import {hostMatches} from '../compile/istio/hosts.js'
import type {Request} from '../request/types.js'
import type {MeshTable} from '../rules/types.js'
import type {NearMiss} from './types.js'

/**
 * ServiceEntries that register the request's host and port but that the client's sidecar does not see
 * (not exported to its namespace, or left out by its Sidecar's egress hosts): the compiled table records
 * them as ISTIO_SE_NOT_VISIBLE. Each is a near miss at the entry's host, with the setting that hides it,
 * unless the sidecar has the cluster anyway (another, visible entry registers the same host and port) and
 * the record is not about a listener chain the sidecar lacks.
 */
export function hiddenServiceNearMisses(table: MeshTable, request: Request): NearMiss[] {
  const proxy = table.client.proxy ? table.proxies[table.client.proxy] : undefined
  if (!proxy) return []
  return (table.unapplied ?? []).flatMap((u) => {
    if (u.code !== 'ISTIO_SE_NOT_VISIBLE' || !u.host || !u.ports?.includes(request.port) || !hostMatches(u.host, request.host)) return []
    const cluster = `outbound|${request.port}||${u.host}`
    if (proxy.clusters[cluster] && !u.clusterKept) return []
    return [
      {
        rule: {proxy: proxy.id, kind: 'cluster' as const, name: cluster, origin: u.origin},
        mismatch: {field: 'visible_to', wanted: table.client.namespace, got: 'hidden'},
        hint: {code: 'NOT_VISIBLE', says: u.says},
        ...(u.setBy ? {setBy: u.setBy} : {}),
      },
    ]
  })
}
