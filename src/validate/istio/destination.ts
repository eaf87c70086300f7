import type {Path} from '../schema.js'
import {portProblem} from './fields.js'
import {isDns1123Label, wildcardDomainProblem} from './hostname.js'
import {maybe, type Report} from './report.js'

/** istio validateDestination (VirtualService routes and mirrors, Sidecar egressProxy). */
export function validateDestination(destination: {host?: string; subset?: string; port?: {number?: number}} | undefined, at: Path, report: Report): void {
  if (!destination) return
  const host = destination.host ?? ''
  if (host === '*') report([...at, 'host'], 'ISTIO_BAD_DESTINATION', `invalid destination host ${host}`)
  else maybe(report, [...at, 'host'], 'ISTIO_BAD_DESTINATION', wildcardDomainProblem(host))
  if (destination.subset) maybe(report, [...at, 'subset'], 'ISTIO_BAD_DESTINATION', subsetNameProblem(destination.subset))
  if (destination.port) maybe(report, [...at, 'port', 'number'], 'ISTIO_BAD_DESTINATION', portProblem(destination.port.number ?? 0))
}

/** validateSubsetName. */
export function subsetNameProblem(name: string): string | null {
  if (name.length === 0) return 'subset name cannot be empty'
  return isDns1123Label(name) ? null : `subset name is invalid: ${name}`
}
