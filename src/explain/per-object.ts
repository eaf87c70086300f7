import type {Diagnostic} from '../model/diagnostic.js'

const NONE: Diagnostic[] = []

/**
 * `find` over a list of objects, each object's findings found once: the editor re-parses only the edited
 * document on a keystroke, so every other object is the one the previous keystroke's list held, mostly at the
 * same place. Compared by reference with that list first (no lookup per object), then looked up by object
 * (after an object was added or removed). The objects must not change, as parsed Resources do not.
 */
export function perObject<T extends object>(find: (o: T) => Diagnostic[]): (objects: readonly T[]) => Diagnostic[] {
  const found = new WeakMap<T, Diagnostic[]>()
  let last: {objects: readonly T[]; results: Diagnostic[][]} = {objects: [], results: []}
  return (objects) => {
    const results: Diagnostic[][] = []
    const out: Diagnostic[] = []
    for (let i = 0; i < objects.length; i++) {
      const o = objects[i]
      let result = last.objects[i] === o ? last.results[i] : found.get(o)
      if (result === undefined) {
        const now = find(o)
        result = now.length > 0 ? now : NONE
        found.set(o, result)
      }
      results.push(result)
      if (result !== NONE) out.push(...result)
    }
    last = {objects, results}
    return out
  }
}
