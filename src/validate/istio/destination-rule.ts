import type {Diagnostic} from '../../model/diagnostic.js'
import type {DestinationRuleSpec} from '../../model/istio.js'
import type {Resource} from '../../model/resource.js'
import {at} from './diagnostic.js'

/** istio ValidateDestinationRule: subset names are unique. */
export function validateDestinationRule(r: Resource<DestinationRuleSpec>): Diagnostic[] {
  const names = (r.spec?.subsets ?? []).map((s) => s.name)
  return names.flatMap((name, j) =>
    names.indexOf(name) < j ? [at(r, ['spec', 'subsets', j, 'name'], 'ISTIO_DR_DUPLICATE_SUBSET', 'error', `duplicate subset names: ${name}`)] : [],
  )
}
