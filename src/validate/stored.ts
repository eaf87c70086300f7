import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'

const cache = new WeakMap<Resource, Resource>()

/**
 * Each object as the API server stores it: a field set to null is dropped (pruned from custom resources,
 * decoded to its zero value in built-in ones), so nothing downstream meets `key: ~`. List items are kept.
 */
export function storedSet(set: ModelSet): ModelSet {
  return {resources: set.resources.map(stored)}
}

/** Remembered per object (itself when it has no null field): the editor re-validates on every keystroke. */
function stored(r: Resource): Resource {
  let out = cache.get(r)
  if (!out) {
    if (hasNullField(r.raw)) {
      const raw = withoutNullFields(r.raw) as Record<string, unknown>
      out = {...r, raw, spec: r.kind === 'ConfigMap' ? (raw.data ?? {}) : raw.spec}
    } else out = r
    cache.set(r, out)
  }
  return out
}

function withoutNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullFields)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNullFields(v)]),
  )
}

function hasNullField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullField)
  if (value === null || typeof value !== 'object') return false
  return Object.values(value).some((v) => v === null || hasNullField(v))
}
