import {sourceAt, pointer} from '../../../sim/compile/locate.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {Resource} from '../../model/resource.js'

export type Path = Array<string | number>

/** "spec.ports[0].name" from ['spec', 'ports', 0, 'name'], as kubectl names fields. */
export function fieldName(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')
}

/** A diagnostic about the value at `path` inside `r`, located at its exact line. */
export function at(r: Resource, path: Path, code: string, severity: Diagnostic['severity'], message: string, hint?: string): Diagnostic {
  return {
    code,
    severity,
    field: fieldName(path),
    message,
    source: sourceAt(r, pointer(...path)),
    object: r.ref,
    ...(hint ? {hint} : {}),
  }
}
