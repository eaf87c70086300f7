import type {Resource} from '../../src/model/resource.js'
import type {ModelSet} from '../../src/model/set.js'
import type {LabelSelector} from '../../src/model/k8s.js'

interface Index {
  /** The array and length the index was built from: a new or grown array rebuilds it. */
  resources: Resource[]
  length: number
  /** The objects it was built from, in order, as they were then. */
  objects: readonly Resource[]
  byKind: Map<string, Resource[]>
  byKey: Map<string, Resource>
  derived: Map<string, unknown>
}

const indexes = new WeakMap<ModelSet, Index>()

/**
 * Lookups by kind and by KIND/NAMESPACE/NAME, built once per set: compiling for one client must not scan
 * every object of a 10,000-policy input for each reference it follows.
 */
function indexOf(set: ModelSet): Index {
  const known = indexes.get(set)
  if (known && known.resources === set.resources && known.length === set.resources.length) return known
  // Validation, compilation and explain each make a set of the same objects (the editor on every keystroke):
  // what is derived from objects is the same for every set holding them, in the same order.
  const same = recent.find((i) => sameObjects(i.objects, set.resources))
  if (same) {
    const index = {...same, resources: set.resources}
    indexes.set(set, index)
    return index
  }
  const index: Index = {resources: set.resources, length: set.resources.length, objects: [...set.resources], byKind: new Map(), byKey: new Map(), derived: new Map()}
  for (const r of set.resources) {
    const list = index.byKind.get(r.kind)
    if (list) list.push(r)
    else index.byKind.set(r.kind, [r])
    const key = `${r.kind}/${r.metadata.namespace}/${r.metadata.name}`
    if (!index.byKey.has(key)) index.byKey.set(key, r)
  }
  indexes.set(set, index)
  recent.unshift(index)
  recent.length = Math.min(recent.length, RECENT)
  return index
}

const RECENT = 4
const recent: Index[] = []

function sameObjects(a: readonly Resource[], b: readonly Resource[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** A value derived from the whole set (an index of its own), computed once per set and name. */
export function derived<T>(set: ModelSet, name: string, build: () => T): T {
  const index = indexOf(set)
  if (!index.derived.has(name)) index.derived.set(name, build())
  return index.derived.get(name) as T
}

/** Objects of one kind, optionally restricted to an API group ("policy.openservicemesh.io"), in input order. */
export function ofKind<Spec = unknown>(set: ModelSet, kind: string, group?: string): Resource<Spec>[] {
  const all = (indexOf(set).byKind.get(kind) ?? []) as Resource<Spec>[]
  return group === undefined ? all : all.filter((r) => apiGroup(r.apiVersion) === group)
}

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/')
  return slash < 0 ? '' : apiVersion.slice(0, slash)
}

/** The first object with this kind, namespace and name. */
export function find<Spec = unknown>(set: ModelSet, kind: string, namespace: string, name: string): Resource<Spec> | undefined {
  return indexOf(set).byKey.get(`${kind}/${namespace}/${name}`) as Resource<Spec> | undefined
}

/** Kubernetes label-selector semantics; an empty selector selects everything. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key)
    const inValues = has && (e.values ?? []).includes(labels[e.key])
    if (e.operator === 'In' && !inValues) return false
    if (e.operator === 'NotIn' && inValues) return false
    if (e.operator === 'Exists' && !has) return false
    if (e.operator === 'DoesNotExist' && has) return false
  }
  return true
}
