import type {Diagnostic} from '../model/diagnostic.js'
import type {ModelSet} from '../model/set.js'
import {validateIstio} from './istio.js'
import {validateNetworkPolicy} from './networkpolicy.js'
import {validateOsm} from './osm.js'

/** Every problem the real systems would report (errors) or silently accept (warnings), in input order. */
export function validate(set: ModelSet): Diagnostic[] {
  const all = [...validateOsm(set), ...validateIstio(set), ...validateNetworkPolicy(set)]
  return all.sort((a, b) => (a.source.file === b.source.file ? a.source.line - b.source.line : a.source.file < b.source.file ? -1 : 1))
}

/** The objects the real system would accept: those without an error diagnostic. */
export function accepted(set: ModelSet, diagnostics: readonly Diagnostic[]): ModelSet {
  const rejected = new Set(
    diagnostics.filter((d) => d.severity === 'error' && d.object).map((d) => `${d.object!.kind}/${d.object!.namespace}/${d.object!.name}`),
  )
  return {resources: set.resources.filter((r) => !rejected.has(`${r.kind}/${r.metadata.namespace}/${r.metadata.name}`))}
}
