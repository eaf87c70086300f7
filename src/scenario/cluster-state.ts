import type {Resource} from '../model/resource.js'

/** KIND/NAMESPACE/NAME; cluster-scoped objects have an empty namespace ("Namespace//curl"). */
const keyOf = (r: Resource) => `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`

/** kubectl apply: each object replaces the one with its kind, namespace and name, or is added at the end. */
export function applyResources(state: readonly Resource[], objects: readonly Resource[]): Resource[] {
  const next = [...state]
  for (const obj of objects) {
    const i = next.findIndex((r) => keyOf(r) === keyOf(obj))
    if (i >= 0) next[i] = obj
    else next.push(obj)
  }
  return next
}

/** kubectl delete KIND/NS/NAME (or KIND/NAME for cluster-scoped objects); names not found are returned. */
export function deleteResources(state: readonly Resource[], refs: readonly string[]): {state: Resource[]; missing: string[]} {
  const wanted = new Map(refs.map((ref) => [ref.split('/').length === 2 ? ref.replace('/', '//') : ref, ref]))
  const found = new Set(state.filter((r) => wanted.has(keyOf(r))).map(keyOf))
  return {state: state.filter((r) => !found.has(keyOf(r))), missing: [...wanted].filter(([k]) => !found.has(k)).map(([, ref]) => ref)}
}
