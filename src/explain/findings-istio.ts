import type {MeshTable, Origin} from '../../sim/rules/types.js'
import type {Diagnostic} from '../model/diagnostic.js'
import {findingAt} from './finding.js'
import type {Sentence} from './types.js'

/**
 * REGISTRY_ONLY and egress gateways only bind traffic the sidecar captures; without a NetworkPolicy
 * isolating the pod, a process that bypasses the sidecar (uid 1337, excluded ranges, no injection)
 * reaches anything (istio.md §7, §9 P1). Said once per place, at the setting or the gateway route.
 */
export function bypassable(table: MeshTable, reaches: readonly Sentence[]): Diagnostic[] {
  const proxy = table.client.proxy ? table.proxies[table.client.proxy] : undefined
  if (!proxy || table.client.firewall.isolatedBy.length > 0) return []
  const registryOnly = proxy.listeners
    .flatMap((l) => l.filterChains)
    .find((c) => c.action.kind === 'tcp_proxy' && c.action.cluster === 'BlackHoleCluster' && c.origin.from === 'resource')
  const viaGateway = reaches.find((s) => s.via.length > 0 && s.outcome?.verdict === 'allow')
  const found: Array<[Origin, string]> = []
  if (registryOnly) found.push([registryOnly.origin, 'REGISTRY_ONLY blocks unknown destinations only for traffic the sidecar captures'])
  if (viaGateway?.rule) found.push([viaGateway.rule, `traffic to ${viaGateway.what.host} goes through ${viaGateway.via.join(', ')} only while the sidecar captures it`])
  const fix = `add a NetworkPolicy in ${table.client.namespace} that allows egress only to kube-system DNS and istio-system (kubectl egress create … --lockdown prints one)`
  return found.flatMap(([origin, why]) => {
    const d = findingAt(origin, 'ISTIO_BYPASSABLE', `${why}: no NetworkPolicy isolates ${table.client.id}, so a process bypassing the sidecar reaches any destination`, fix)
    return d ? [d] : []
  })
}
