import type {Diagnostic} from '../../model/diagnostic.js'
import type {DestinationRuleSpec} from '../../model/istio.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'

/** istio ValidateDestinationRule: a host (the CRD only requires it inside a spec), unique subset names. */
export function validateDestinationRule(r: Resource<DestinationRuleSpec>): Diagnostic[] {
  const noHost = r.spec?.host ? [] : [diagnosticAt(r, ['spec', 'host'], 'ISTIO_DR_NO_HOST', 'error', 'invalid host "": empty domain name not allowed')]
  const names = (r.spec?.subsets ?? []).map((s) => s.name)
  return [
    ...noHost,
    ...names.flatMap((name, j) =>
      names.indexOf(name) < j ? [diagnosticAt(r, ['spec', 'subsets', j, 'name'], 'ISTIO_DR_DUPLICATE_SUBSET', 'error', `duplicate subset names: ${name}`)] : [],
    ),
  ]
}
