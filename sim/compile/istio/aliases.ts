import type {MeshService} from './services.js'

/** An ExternalName Service that names another service. */
export interface Alias {
  host: string
  namespace: string
  service: MeshService
}

/**
 * For each concrete host, the ExternalName Services that stand for it, followed through chains of
 * aliases; a loop resolves to nothing, as Kubernetes DNS answers NXDOMAIN (istio
 * pilot/pkg/model/push_context.go resolveServiceAliases). Sorted by namespace, then host.
 */
export function aliasesByConcreteHost(services: MeshService[]): Map<string, Alias[]> {
  const aliasFor = new Map<string, string>()
  for (const s of services) if (s.resolution === 'ALIAS' && s.aliasFor) aliasFor.set(s.host, s.aliasFor)
  const out = new Map<string, Alias[]>()
  for (const s of services) {
    if (s.resolution !== 'ALIAS' || !s.aliasFor) continue
    const concrete = follow(s.host, s.aliasFor, aliasFor)
    if (!concrete) continue
    out.set(concrete, [...(out.get(concrete) ?? []), {host: s.host, namespace: s.namespace, service: s}])
  }
  for (const list of out.values()) list.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.host < b.host ? -1 : a.host > b.host ? 1 : 0))
  return out
}

function follow(alias: string, target: string, aliasFor: Map<string, string>): string | null {
  const seen = new Set([alias, target])
  let current = target
  for (;;) {
    const next = aliasFor.get(current)
    if (next === undefined) return current
    if (seen.has(next)) return null
    seen.add(next)
    current = next
  }
}
