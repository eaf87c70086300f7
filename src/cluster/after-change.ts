import {isNamespaced} from './kinds.js'
import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'

const key = (r: Resource) => `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`

/** The object as the server will store it: in `namespace` when it is namespaced and names none. */
export function inNamespace(r: Resource, namespace: string): Resource {
  if (r.metadata.namespace || !isNamespaced(r.kind)) return r
  const metadata = {...r.metadata, namespace}
  return {...r, metadata, ref: {...r.ref, namespace}, raw: {...r.raw, metadata: {...(r.raw.metadata as object), namespace}}}
}

/** What is deployed once `applied` is applied: same kind/namespace/name replaced, the rest added. */
export function afterApply(deployed: ModelSet, applied: readonly Resource[]): ModelSet {
  const replaced = new Set(applied.map(key))
  return {resources: [...deployed.resources.filter((r) => !replaced.has(key(r))), ...applied]}
}

/** What is left once `deleted` is deleted, including everything inside a deleted Namespace. */
export function afterDelete(deployed: ModelSet, deleted: readonly Resource[]): ModelSet {
  const gone = new Set(deleted.map(key))
  const namespaces = new Set(deleted.filter((r) => r.kind === 'Namespace').map((r) => r.metadata.name))
  return {resources: deployed.resources.filter((r) => !gone.has(key(r)) && !namespaces.has(r.metadata.namespace))}
}
