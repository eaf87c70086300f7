import type {Resource} from '../../src/model/resource.js'
import type {ModelSet} from '../../src/model/set.js'
import type {LabelSelector} from '../../src/model/k8s.js'

/** An object replaced in place by one of the same kind, namespace and name (the editor's keystroke). */
export interface Replaced {
  was: Resource
  now: Resource
}

interface Index {
  /** The array and length the index was built from: a new or grown array rebuilds it. */
  resources: Resource[]
  length: number
  /** The objects it was built from, in order, as they were then. */
  objects: readonly Resource[]
  byKind: Map<string, Resource[]>
  byKey: Map<string, Resource>
  derived: Map<string, unknown>
  /** The index this one was patched from and what was replaced, while derived values may be carried over from it. */
  from?: {index: Index; replaced: readonly Replaced[]}
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
  const same = recentIndexes().find((i) => sameObjects(i.objects, set.resources))
  if (same) {
    const index = {...same, resources: set.resources}
    indexes.set(set, index)
    return index
  }
  const index = patched(set.resources) ?? built(set.resources)
  indexes.set(set, index)
  recent.unshift(new WeakRef(index))
  recent.length = Math.min(recent.length, RECENT)
  return index
}

function built(resources: Resource[]): Index {
  const index: Index = {resources, length: resources.length, objects: [...resources], byKind: new Map(), byKey: new Map(), derived: new Map()}
  for (const r of resources) {
    const list = index.byKind.get(r.kind)
    if (list) list.push(r)
    else index.byKind.set(r.kind, [r])
    const key = keyOf(r.kind, r.metadata.namespace, r.metadata.name)
    if (!index.byKey.has(key)) index.byKey.set(key, r)
  }
  return index
}

/**
 * A recent index with its lookups patched, when `resources` differs from its objects only by a few objects
 * replaced in place by objects of the same kind, namespace and name, each held once: the editor's keystroke
 * re-parses one document, and rebuilding the lookups of 2,000 objects for it costs more than the rest of a
 * validation. Each replaced object keeps its place in its kind's list, and is the first of its key where the
 * object it replaces was.
 */
function patched(resources: Resource[]): Index | null {
  for (const last of recentIndexes()) {
    const replaced = replacedSince(last, resources)
    if (!replaced) continue
    const byKind = new Map(last.byKind)
    const byKey = new Map(last.byKey)
    for (const {was, now} of replaced) {
      const list = [...byKind.get(was.kind)!]
      const at = list.indexOf(was)
      if (list.indexOf(was, at + 1) >= 0) return null
      list[at] = now
      byKind.set(was.kind, list)
      const key = keyOf(was.kind, was.metadata.namespace, was.metadata.name)
      if (byKey.get(key) === was) byKey.set(key, now)
    }
    // Only one generation back: an index patched from a patched one drops the older one.
    last.from = undefined
    return {resources, length: resources.length, objects: [...resources], byKind, byKey, derived: new Map(), from: {index: last, replaced}}
  }
  return null
}

/** The objects of `index` replaced in `resources`, if they are few and each by one of the same kind, namespace and name. */
function replacedSince(index: Index, resources: Resource[]): Replaced[] | null {
  if (index.objects.length !== resources.length) return null
  const replaced: Replaced[] = []
  for (let i = 0; i < resources.length; i++) {
    const was = index.objects[i]
    const now = resources[i]
    if (was === now) continue
    if (replaced.length === MAX_REPLACED || was.kind !== now.kind || was.metadata.namespace !== now.metadata.namespace || was.metadata.name !== now.metadata.name) return null
    replaced.push({was, now})
  }
  return replaced
}

// The indexes built last, held weakly: found while a set that has them lives (the editor's sets of this
// keystroke and of the one before), never kept alive by this list. A process that reads big sets in turn would
// otherwise hold four of them (npm run bench: four 100,000-policy sets, which slowed every later measurement).
const RECENT = 4
const recent: WeakRef<Index>[] = []

function recentIndexes(): Index[] {
  const live: Index[] = []
  for (const ref of recent) {
    const index = ref.deref()
    if (index !== undefined) live.push(index)
  }
  return live
}
const MAX_REPLACED = 4

function sameObjects(a: readonly Resource[], b: readonly Resource[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function keyOf(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`
}

/**
 * A value derived from the whole set (an index of its own), computed once per set and name. `carry`: the value
 * for a set whose objects are those of a set it was derived for, with `replaced` replaced in place — or
 * undefined when it must be built afresh.
 */
export function derived<T>(set: ModelSet, name: string, build: () => T, carry?: (value: T, replaced: readonly Replaced[]) => T | undefined): T {
  const index = indexOf(set)
  if (!index.derived.has(name)) {
    const from = carry && index.from?.index.derived.has(name) ? carry(index.from.index.derived.get(name) as T, index.from.replaced) : undefined
    index.derived.set(name, from === undefined ? build() : from)
  }
  return index.derived.get(name) as T
}
/** How to carry a derived value read only from objects of `kinds`: as it is, while none of them is replaced. */
export function readsOnly(kinds: ReadonlySet<string>): <T>(value: T, replaced: readonly Replaced[]) => T | undefined {
  return (value, replaced) => (replaced.some(({was}) => kinds.has(was.kind)) ? undefined : value)
}

/** Objects of one kind, optionally restricted to an API group ("policy.openservicemesh.io"), in input order. */
export function ofKind<Spec = unknown>(set: ModelSet, kind: string, group?: string): Resource<Spec>[] {
  const all = (indexOf(set).byKind.get(kind) ?? []) as Resource<Spec>[]
  return group === undefined ? all : all.filter((r) => inApiGroup(r.apiVersion, group))
}

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/')
  return slash < 0 ? '' : apiVersion.slice(0, slash)
}

/** apiGroup(apiVersion) === group, without making a string: asked of every object on every keystroke. */
export function inApiGroup(apiVersion: string, group: string): boolean {
  if (group === '') return !apiVersion.includes('/')
  return apiVersion.length > group.length && apiVersion.charCodeAt(group.length) === SLASH && apiVersion.startsWith(group)
}

const SLASH = '/'.charCodeAt(0)

/** The first object with this kind, namespace and name. */
export function find<Spec = unknown>(set: ModelSet, kind: string, namespace: string, name: string): Resource<Spec> | undefined {
  return indexOf(set).byKey.get(keyOf(kind, namespace, name)) as Resource<Spec> | undefined
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
