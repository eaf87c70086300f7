import type {Diagnostic} from '../../model/diagnostic.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'
import type {Path} from '../schema.js'

/**
 * How the ported webhook functions hand back what they find: the value's path (for file:line), a stable
 * code, upstream's message, and whether istiod rejects (error) or only warns (warning: the object is stored).
 */
export type Report = (at: Path, code: string, message: string, severity?: Diagnostic['severity'], hint?: string) => void

/** A Report that appends to `out` as diagnostics on `r`. */
export function reportInto(r: Resource, out: Diagnostic[]): Report {
  return (at, code, message, severity = 'error', hint) => out.push(diagnosticAt(r, at, code, severity, message, hint))
}

/** Reports `message` when there is one (the ported checks return null for a valid value). */
export function maybe(report: Report, at: Path, code: string, message: string | null): void {
  if (message) report(at, code, message)
}

/**
 * A Report for a nested check whose result istiod merges with appendErrors, which keeps errors and drops
 * warnings (validateSubset, validatePortTrafficPolicies, validateTCPRoute, validateRouteDestinations…).
 */
export function errorsOnly(report: Report): Report {
  return (at, code, message, severity, hint) => {
    if (severity !== 'warning') report(at, code, message, severity, hint)
  }
}
