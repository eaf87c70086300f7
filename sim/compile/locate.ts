import type {Resource} from '../../src/model/resource.js'
import type {Origin, Source} from '../../src/model/source.js'

/** The position of `pointer` inside `resource`, falling back to the nearest enclosing value that has one. */
export function sourceAt(resource: Resource, pointer: string): Source {
  let p = pointer
  for (;;) {
    const pos = resource.positions.get(p)
    if (pos) return {file: resource.source.file, line: pos[0], column: pos[1], path: pointer}
    if (p === '') return {...resource.source, path: pointer}
    p = p.slice(0, p.lastIndexOf('/'))
  }
}

/** JSON pointer from path segments: pointer('spec', 'hosts', 0) === "/spec/hosts/0". */
export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

/** Origin of a rule built from the value at `segments` inside `resource`. */
export function originAt(resource: Resource, ...segments: Array<string | number>): Origin {
  if (resource.derivedFrom) return derivedOriginAt(resource.derivedFrom, pointer(...segments))
  return {from: 'resource', ref: resource.ref, source: sourceAt(resource, pointer(...segments))}
}

/** A derived object's value is cited at the nearest enclosing value it was derived from. */
function derivedOriginAt(origins: ReadonlyMap<string, Origin>, at: string): Origin {
  for (let p = at; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const found = origins.get(p)
    if (found) return found
    if (p === '') return defaultOrigin('derived by istiod')
  }
}

export function defaultOrigin(says: string): Origin {
  return {from: 'default', says}
}
