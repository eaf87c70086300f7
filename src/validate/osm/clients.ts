import type {EgressSpec} from '../../model/osm.js'
import type {Resource} from '../../model/resource.js'

/** "NAMESPACE/NAME" of each source an Egress lists, whatever its kind: each names a client checked for conflicts. */
export function sourceKeys(egress: Resource<EgressSpec>): string[] {
  return (egress.spec?.sources ?? []).map((s) => `${s.namespace}/${s.name}`)
}

/** The clients a list of per-Egress source keys names, each once, sorted: conflicts are checked per client, in this order. */
export function namedClients(sources: Iterable<readonly string[]>): string[] {
  const clients = new Set<string>()
  for (const keys of sources) for (const key of keys) clients.add(key)
  return [...clients].sort()
}
