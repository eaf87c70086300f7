import type {IstioVersion} from '../../sim/compile/istio/version.js'
import {type Diagnostic, forMesh} from '../model/diagnostic.js'
import type {ModelSet} from '../model/set.js'
import {validateGatewayApi} from './gateway-api.js'
import {validateIstio} from './istio.js'
import {validateKubernetes} from './kubernetes.js'
import {validateNetworkPolicy} from './networkpolicy.js'
import {validateOsmFlavours} from './osm.js'
import {NO_REUSE, type Reuse} from './reuse.js'
import {storedSet} from './stored.js'

/**
 * Every problem the real systems would report (errors) or silently accept (warnings), in input order.
 * `istioVersion`: the istiod release whose CRDs and webhook judge Istio objects (default the newest).
 * `reuse`: results kept from validating an earlier version of the set (src/validate/incremental.ts).
 * `mesh`: only the findings that concern it, forMesh(validate(set), mesh), without checks only other meshes need.
 */
export function validate(input: ModelSet, opts: {istioVersion?: IstioVersion; reuse?: Reuse; mesh?: string} = {}): Diagnostic[] {
  const set = storedSet(input)
  const reuse = opts.reuse ?? NO_REUSE
  const builtIn = validateKubernetes(set, reuse)
  // What the API server rejected does not exist for the meshes, nor for NetworkPolicy's own checks.
  const stored = accepted(set, builtIn)
  const all = [
    ...builtIn,
    ...validateOsmFlavours(stored, reuse, opts.mesh),
    ...validateIstio(stored, opts.istioVersion),
    ...validateGatewayApi(stored),
    ...validateNetworkPolicy(stored),
  ]
  return (opts.mesh === undefined ? all : forMesh(all, opts.mesh)).sort((a, b) =>
    a.source.file === b.source.file ? a.source.line - b.source.line : a.source.file < b.source.file ? -1 : 1,
  )
}

/** The objects the real system would accept, as it stores them: those without an error diagnostic. */
export function accepted(set: ModelSet, diagnostics: readonly Diagnostic[]): ModelSet {
  const stored = storedSet(set)
  const rejected = new Set(diagnostics.filter((d) => d.severity === 'error' && d.object).map((d) => `${d.object!.kind}/${d.object!.namespace}/${d.object!.name}`))
  // The editor asks on every keystroke, mostly of sets without errors: no key per object then.
  if (rejected.size === 0) return stored
  return {resources: stored.resources.filter((r) => !rejected.has(`${r.kind}/${r.metadata.namespace}/${r.metadata.name}`))}
}
