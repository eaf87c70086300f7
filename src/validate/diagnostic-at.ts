import {pointer, sourceAt} from '../../sim/compile/locate.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {Resource} from '../model/resource.js'
import {fieldName, type Path} from './schema.js'

/** A diagnostic about the value at `path` inside `resource`, on that value's line (or its nearest enclosing value's, when missing). */
export function diagnosticAt(resource: Resource, path: Path, code: string, severity: Diagnostic['severity'], message: string, hint?: string): Diagnostic {
  return {
    code,
    severity,
    field: fieldName(path),
    message,
    source: sourceAt(resource, pointer(...path)),
    object: resource.ref,
    ...(hint ? {hint} : {}),
  }
}
