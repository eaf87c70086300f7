import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'
import {storedSet} from './stored.js'

/**
 * Results of validation's per-object and per-client checks kept between runs (the editor validates on every
 * keystroke). Every check answered through it reads, besides its own object or the Egress objects naming its
 * client, only objects of other kinds than Egress (namespaces, MeshConfig, route groups, Services…): so the
 * results stay right while those other objects are the same, and all are dropped when one of them changes.
 */
export interface Reuse {
  /** `compute` (an array or an object, never undefined), remembered per check name and object. */
  perObject<T>(name: string, r: Resource, compute: () => T): T
  /** `compute` for one client identity, remembered while the Egress objects naming it (`naming`) are the same. */
  perClient<T>(name: string, identity: string, naming: readonly Resource[], compute: () => T): T
}

/** Every check computed afresh: what validate() does on its own. */
export const NO_REUSE: Reuse = {perObject: (_name, _r, compute) => compute(), perClient: (_name, _identity, _naming, compute) => compute()}

/**
 * A Reuse for successive versions of a set: `next(set)` gives the Reuse to validate `set` with, keeping what was
 * computed for the previous version when every object other than an Egress is the same object as before
 * (the editor re-parses only the documents that changed).
 */
export function reuseAcross(): {next(set: ModelSet): Reuse} {
  let context: Resource[] = []
  let objects = new Map<string, WeakMap<Resource, unknown>>()
  let clients = new Map<string, {naming: readonly Resource[]; value: unknown}>()
  const reuse: Reuse = {
    perObject(name, r, compute) {
      let byObject = objects.get(name)
      if (!byObject) objects.set(name, (byObject = new WeakMap()))
      // Every check gives an array or an object, never undefined: one lookup tells a kept answer.
      const kept = byObject.get(r)
      if (kept !== undefined) return kept as ReturnType<typeof compute>
      const value = compute()
      byObject.set(r, value)
      return value
    },
    perClient(name, identity, naming, compute) {
      const key = `${name} ${identity}`
      const hit = clients.get(key)
      if (hit && sameObjects(hit.naming, naming)) return hit.value as ReturnType<typeof compute>
      const value = compute()
      clients.set(key, {naming, value})
      return value
    },
  }
  return {
    next(set) {
      const now = storedSet(set).resources.filter((r) => r.kind !== 'Egress')
      if (!sameObjects(now, context)) {
        context = now
        objects = new Map()
        clients = new Map()
      }
      return reuse
    },
  }
}

function sameObjects(a: readonly Resource[], b: readonly Resource[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i])
}
