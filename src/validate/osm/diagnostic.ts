import {pointer, sourceAt} from '../../../sim/compile/locate.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {Resource} from '../../model/resource.js'
import {fieldName} from './schema.js'

/** A diagnostic about the value at `at` inside `resource`, located on that value's own line. */
export function diagnosticAt(
  resource: Resource,
  at: Array<string | number>,
  code: string,
  severity: Diagnostic['severity'],
  message: string,
  hint?: string,
): Diagnostic {
  return {
    code,
    severity,
    field: fieldName(at),
    message,
    source: sourceAt(resource, pointer(...at)),
    object: resource.ref,
    ...(hint ? {hint} : {}),
  }
}
