import {find, inApiGroup, ofKind} from '../../sim/compile/select.js'
import {serviceFqdn} from '../../sim/compile/istio/names.js'
import {resolveShortName} from '../../sim/compile/istio/hosts.js'
import {podTemplates} from '../../sim/compile/workload.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {DestinationRuleSpec, GatewaySpec, ServiceEntrySpec, SidecarSpec, VirtualServiceSpec} from '../model/istio.js'
import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'
import {validateCaptureAnnotations} from './istio/capture-annotations.js'
import {validateDestinationRule} from './istio/destination-rule.js'
import {validateGateway} from './istio/gateway.js'
import {validateMeshConfigMap} from './istio/mesh-config.js'
import {ISTIO_REQUIRED_TOP, ISTIO_SPECS} from './istio/schemas.js'
import {validateServiceEntry} from './istio/service-entry.js'
import {validateSidecar} from './istio/sidecar.js'
import {istioAtLeast, NEWEST_ISTIO_VERSION, type IstioVersion} from '../../sim/compile/istio/version.js'
import {validateVirtualService, type Registry} from './istio/virtual-service.js'
import {diagnosticAt} from './diagnostic-at.js'
import {celViolations} from './cel-rules.js'
import {checkSchema, type CelRule, type Schema, type SchemaViolation} from './schema.js'

const GROUP = 'networking.istio.io'

function registry(set: ModelSet): Registry {
  const of = <S>(kind: string) => ofKind<S>(set, kind, GROUP)
  return {
    gateways: new Set(of<GatewaySpec>('Gateway').map((g) => `${g.metadata.namespace}/${g.metadata.name}`)),
    hosts: hostIndex([
      ...of<ServiceEntrySpec>('ServiceEntry').flatMap((se) => se.spec?.hosts ?? []),
      ...ofKind(set, 'Service', '').map((s) => serviceFqdn(s.metadata.name, s.metadata.namespace)),
    ]),
    subsets: of<DestinationRuleSpec>('DestinationRule').map((dr) => ({
      host: resolveShortName(dr.spec?.host ?? '', dr.metadata.namespace),
      names: (dr.spec?.subsets ?? []).map((s) => s.name),
    })),
  }
}

/** Exact names in a set, so that thousands of VirtualService destinations are looked up without a scan. */
function hostIndex(hosts: string[]): Registry['hosts'] {
  return {exact: new Set(hosts.filter((h) => !h.startsWith('*'))), wildcards: hosts.filter((h) => h.startsWith('*'))}
}

function annotationsPath(r: Resource): Array<string | number> {
  if (r.kind === 'Pod') return ['metadata', 'annotations']
  if (r.kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'annotations']
  return ['spec', 'template', 'metadata', 'annotations']
}

/**
 * Errors: what the API server (CRD schema and CEL rules) or istiod's validating webhook would reject.
 * Warnings: what Istio accepts but what does something other than it seems (istio.md §3.2, §4.1, §8.1).
 *
 * @example
 * validateIstio(set).map(formatDiagnostic)
 * // ['se.yaml:7: ServiceEntry/default/all: spec.hosts[0]: hostname cannot be wildcard "*"']
 */
export function validateIstio(set: ModelSet, version: IstioVersion = NEWEST_ISTIO_VERSION): Diagnostic[] {
  const out: Diagnostic[] = []
  const istio = set.resources.filter((r) => inApiGroup(r.apiVersion, GROUP))
  const schemaErrors = new Map(istio.map((r) => [r, crdErrors(r, version)]))
  // istiod's webhook, and the registry it validates against, only see what the CRD schema accepted.
  const rejected = istio.some((r) => schemaErrors.get(r)!.length > 0)
  const schemaValid: ModelSet = rejected ? {resources: set.resources.filter((r) => !schemaErrors.get(r)?.length)} : set
  const known = registry(schemaValid)
  const sidecars = ofKind<SidecarSpec>(schemaValid, 'Sidecar', GROUP)
  for (const r of istio) {
    out.push(...schemaErrors.get(r)!)
    if (schemaErrors.get(r)!.length > 0) continue
    if (r.kind === 'ServiceEntry') out.push(...validateServiceEntry(r as Resource<ServiceEntrySpec>, version))
    if (r.kind === 'VirtualService') out.push(...validateVirtualService(r as Resource<VirtualServiceSpec>, known, version))
    if (r.kind === 'Gateway') out.push(...validateGateway(r, version))
    if (r.kind === 'DestinationRule') out.push(...validateDestinationRule(r, version))
    if (r.kind === 'Sidecar') out.push(...validateSidecar(r, sidecars, version))
  }
  const meshConfigMap = find<Record<string, unknown>>(set, 'ConfigMap', 'istio-system', 'istio')
  if (meshConfigMap) out.push(...validateMeshConfigMap(meshConfigMap))
  for (const {resource, template} of podTemplates(set)) {
    out.push(...validateCaptureAnnotations(resource, template.metadata?.annotations ?? {}, annotationsPath(resource)))
  }
  return out
}

const CRD_CODES: Record<SchemaViolation['rule'], string> = {
  required: 'ISTIO_REQUIRED_FIELD',
  type: 'ISTIO_CRD_TYPE',
  enum: 'ISTIO_UNSUPPORTED_VALUE',
  minimum: 'ISTIO_CRD_MINIMUM',
  maximum: 'ISTIO_CRD_MAXIMUM',
  pattern: 'ISTIO_CRD_PATTERN',
  minItems: 'ISTIO_CRD_MIN_ITEMS',
  maxItems: 'ISTIO_CRD_MAX_ITEMS',
  minProperties: 'ISTIO_CRD_MIN_PROPERTIES',
  maxProperties: 'ISTIO_CRD_MAX_PROPERTIES',
  minLength: 'ISTIO_CRD_MIN_LENGTH',
  maxLength: 'ISTIO_CRD_MAX_LENGTH',
  invalid: 'ISTIO_CRD_INVALID',
  duplicate: 'ISTIO_CRD_DUPLICATE',
  oneOf: 'ISTIO_CRD_ONE_OF',
}

/**
 * What the API server says about one networking.istio.io object: its structural schema, then the CRD's CEL
 * rules of this release — unless a value had the wrong type, which stops the rules from being evaluated
 * (apiextensions-apiserver customResourceStrategy.Validate, hasBlockingErr).
 */
function crdErrors(r: Resource, version: IstioVersion): Diagnostic[] {
  const schema = ISTIO_SPECS[r.kind]
  if (!schema) return []
  if (r.raw.spec === undefined && ISTIO_REQUIRED_TOP[r.kind]?.includes('spec')) return [diagnosticAt(r, ['spec'], 'ISTIO_REQUIRED_FIELD', 'error', 'Required value')]
  const violations = checkSchema(r.raw.spec, schema, ['spec']).filter((v) => v.since === undefined || istioAtLeast(version, v.since as IstioVersion))
  const out = violations.map((v) => {
    const code = r.kind === 'ServiceEntry' && v.field === 'spec.hosts' && v.rule !== 'type' ? 'ISTIO_SE_NO_HOSTS' : CRD_CODES[v.rule]
    return {...diagnosticAt(r, v.at, code, 'error', v.message), field: v.field}
  })
  const applies = (rule: CelRule) => celRuleApplies(rule, version)
  if (!hasRules(schema, applies)) return out
  if (violations.some((v) => v.rule === 'type')) {
    // field.Invalid(nil, nil, …): about the object, not a field.
    return [
      ...out,
      diagnosticAt(
        r,
        [],
        'ISTIO_CRD_RULE',
        'error',
        'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
      ),
    ]
  }
  const rules = celViolations(r.raw.spec, schema, ['spec'], applies, version)
  return [...out, ...rules.map((v) => diagnosticAt(r, v.at, 'ISTIO_CRD_RULE', 'error', v.message))]
}

/** Whether the CRD of this release has any rule at all (else the API server has no CEL validator for it). */
function hasRules(schema: Schema, applies: (rule: CelRule) => boolean): boolean {
  if ((schema['x-kubernetes-validations'] ?? []).some(applies)) return true
  const children = [...Object.values(schema.properties ?? {}), ...(schema.items ? [schema.items] : []), ...(schema.additionalProperties ? [schema.additionalProperties] : [])]
  return children.some((c) => hasRules(c, applies))
}

/** CEL rules are in the networking CRDs since 1.23; some were added (or dropped) later. */
function celRuleApplies(rule: CelRule, version: IstioVersion): boolean {
  return istioAtLeast(version, (rule.since ?? '1.23') as IstioVersion) && (rule.until === undefined || istioAtLeast(rule.until as IstioVersion, version))
}
