import type {Diagnostic} from '../../model/diagnostic.js'
import type {Resource} from '../../model/resource.js'
import {subsetNameProblem} from './destination.js'
import {checkExportTo, checkLabels, selectorLabelErrors} from './fields.js'
import {wildcardDomainProblem} from './hostname.js'
import {maybe, reportInto} from './report.js'
import {validateSubsetPolicy, validateTrafficPolicy} from './traffic-policy.js'
import type {IstioVersion} from '../../../sim/compile/istio/version.js'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** istio pkg/config/validation/validation.go ValidateDestinationRule (1.30; earlier releases where noted). */
export function validateDestinationRule(r: Resource, version: IstioVersion): Diagnostic[] {
  const out: Diagnostic[] = []
  const report = reportInto(r, out)
  const spec = (r.spec ?? {}) as Obj
  const ns = r.metadata.namespace
  maybe(report, ['spec', 'host'], 'ISTIO_DR_BAD_HOST', wildcardDomainProblem(String(spec.host ?? '')))
  validateTrafficPolicy(spec.trafficPolicy, ['spec', 'trafficPolicy'], report, ns, version)
  const names = new Set<string>()
  ;((spec.subsets ?? []) as Obj[]).forEach((subset, j) => {
    const at = ['spec', 'subsets', j]
    const name = String(subset.name ?? '')
    if (names.has(name)) report([...at, 'name'], 'ISTIO_DR_DUPLICATE_SUBSET', `duplicate subset names: ${name}`)
    names.add(name)
    maybe(report, [...at, 'name'], 'ISTIO_DR_BAD_SUBSET', subsetNameProblem(name))
    checkLabels(subset.labels, [...at, 'labels'], report)
    validateSubsetPolicy(subset.trafficPolicy, [...at, 'trafficPolicy'], report, ns, version)
  })
  const selector = spec.workloadSelector as {matchLabels?: Record<string, string>} | undefined
  checkExportTo(ns, spec.exportTo, ['spec', 'exportTo'], report, {destinationRuleWithSelector: selector !== undefined})
  // validateWorkloadSelector (type v1beta1.WorkloadSelector).
  if (selector) {
    selectorLabelErrors(selector.matchLabels ?? {}, ['spec', 'workloadSelector', 'matchLabels'], report)
    if (Object.keys(selector.matchLabels ?? {}).length === 0)
      report(['spec', 'workloadSelector'], 'ISTIO_SELECTOR_WITHOUT_LABELS', 'workload selector specified without labels', 'warning')
  }
  return out
}
