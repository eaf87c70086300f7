import {apiGroup, selects} from '../../sim/compile/select.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {LabelSelector} from '../model/k8s.js'
import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'
import {diagnosticAt} from './diagnostic-at.js'
import {
  CONFIG_MAP_DATA,
  CRON_JOB_SPEC,
  EXTERNAL_NAME_SERVICE_SPEC,
  JOB_SPEC,
  NETWORK_POLICY_SPEC,
  OBJECT_META,
  POD_SPEC,
  SERVICE_SPEC,
  WORKLOAD_SPEC,
} from './kubernetes/schemas.js'
import {objectMetaDiagnostics} from './kubernetes/object-meta.js'
import {NO_REUSE, type Reuse} from './reuse.js'
import {checkSchema, type Path, type Schema, type SchemaViolation} from './schema.js'

interface Kind {
  kind: string
  apiVersion: string
  /** The field validated ("spec", or "data" for ConfigMaps) and its schema; none for kinds without one. */
  body?: {field: string; schema: (raw: Record<string, unknown>) => Schema}
  /** Where the pod template's labels must match the selector. */
  template?: Path
}

const spec = (schema: Schema) => ({field: 'spec', schema: () => schema})
const workload = (kind: string): Kind => ({kind, apiVersion: 'apps/v1', body: spec(WORKLOAD_SPEC), template: ['spec']})

const KINDS: Kind[] = [
  {kind: 'Namespace', apiVersion: 'v1'},
  {kind: 'ServiceAccount', apiVersion: 'v1'},
  {kind: 'Pod', apiVersion: 'v1', body: spec(POD_SPEC)},
  {
    kind: 'Service',
    apiVersion: 'v1',
    body: {field: 'spec', schema: (raw) => ((raw.spec as {type?: unknown} | null)?.type === 'ExternalName' ? EXTERNAL_NAME_SERVICE_SPEC : SERVICE_SPEC)},
  },
  {kind: 'ConfigMap', apiVersion: 'v1', body: {field: 'data', schema: () => CONFIG_MAP_DATA}},
  workload('Deployment'),
  workload('StatefulSet'),
  workload('DaemonSet'),
  workload('ReplicaSet'),
  {kind: 'Job', apiVersion: 'batch/v1', body: spec(JOB_SPEC), template: ['spec']},
  {kind: 'CronJob', apiVersion: 'batch/v1', body: spec(CRON_JOB_SPEC), template: ['spec', 'jobTemplate', 'spec']},
  {kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', body: spec(NETWORK_POLICY_SPEC)},
]

/**
 * What the API server rejects in every object's metadata (kubernetes/object-meta.ts), and in the built-in
 * kinds the simulator reads: the object does not decode
 * (K8S_DECODE), a required field is missing (K8S_REQUIRED), a value is outside its enum (K8S_UNSUPPORTED)
 * or invalid (K8S_INVALID), or the kind is not served in that version (K8S_VERSION_NOT_SERVED).
 *
 * @example
 * validateKubernetes(set).map(formatDiagnostic)
 * // ['svc.yaml:6: Service/default/web: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive']
 */
export function validateKubernetes(set: ModelSet, reuse: Reuse = NO_REUSE): Diagnostic[] {
  return set.resources.flatMap((r) => reuse.perObject('kubernetes', r, () => builtInErrors(r)))
}

/** What the API server says about one object: it reads nothing else. */
function builtInErrors(r: Resource): Diagnostic[] {
  const kind = KINDS.find((k) => k.kind === r.kind && apiGroup(k.apiVersion) === apiGroup(r.apiVersion))
  if (!kind) return objectMetaDiagnostics(r)
  if (r.apiVersion !== kind.apiVersion) {
    return [diagnosticAt(r, ['apiVersion'], 'K8S_VERSION_NOT_SERVED', 'error', `no matches for kind "${r.kind}" in version "${r.apiVersion}"`, `use ${kind.apiVersion}`)]
  }
  const violations = [
    ...checkSchema(r.raw.metadata, OBJECT_META, ['metadata']),
    ...(kind.body ? checkSchema(r.raw[kind.body.field] ?? {}, kind.body.schema(r.raw), [kind.body.field]) : []),
  ]
  const errors = [...violations.map((v) => diagnosticAt(r, v.at, CODES[v.rule], 'error', messageOf(r, v))), ...objectMetaDiagnostics(r)]
  return errors.length > 0 || !kind.template ? errors : selectorMismatch(r, kind.template)
}

const CODES: Record<SchemaViolation['rule'], string> = {
  required: 'K8S_REQUIRED',
  minItems: 'K8S_REQUIRED',
  maxItems: 'K8S_INVALID',
  minProperties: 'K8S_INVALID',
  maxProperties: 'K8S_INVALID',
  minLength: 'K8S_INVALID',
  maxLength: 'K8S_INVALID',
  type: 'K8S_DECODE',
  enum: 'K8S_UNSUPPORTED',
  minimum: 'K8S_INVALID',
  maximum: 'K8S_INVALID',
  pattern: 'K8S_INVALID',
  invalid: 'K8S_INVALID',
  duplicate: 'K8S_INVALID',
  oneOf: 'K8S_INVALID',
}

const GO_TYPES: Record<string, string> = {
  string: 'string',
  integer: 'int32',
  number: 'float64',
  boolean: 'bool',
  array: 'array',
  object: 'object',
  'integer or string': 'IntOrString',
}
const JSON_KINDS: Record<string, string> = {null: 'null', string: 'string', integer: 'number', number: 'number', boolean: 'bool', array: 'array', object: 'object'}

/** Built-in kinds are decoded into Go structs before any validation; an empty list is a missing one. */
function messageOf(r: Resource, v: SchemaViolation): string {
  if (v.rule === 'minItems') return 'Required value'
  if (v.rule !== 'type') return v.message
  const goField = v.at.filter((s) => typeof s === 'string').join('.')
  return `${r.kind} in version "${r.apiVersion}" cannot be handled as a ${r.kind}: json: cannot unmarshal ${JSON_KINDS[v.got!]} into Go struct field .${goField} of type ${GO_TYPES[v.expected!]}`
}

/** apps/validation: a selector must select something, and the pods its template creates (ValidatePodTemplateSpecForReplicaSet). */
function selectorMismatch(r: Resource, at: Path): Diagnostic[] {
  const owner = at.reduce<Record<string, unknown> | undefined>((o, k) => o?.[k] as Record<string, unknown> | undefined, r.raw)
  const selector = owner?.selector as LabelSelector | undefined
  if (!selector) return []
  if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) {
    if (apiGroup(r.apiVersion) !== 'apps') return []
    return [diagnosticAt(r, [...at, 'selector'], 'K8S_INVALID', 'error', `Invalid value: {}: empty selector is invalid for ${r.kind.toLowerCase()}`)]
  }
  const labels = (owner?.template as {metadata?: {labels?: Record<string, string>}} | undefined)?.metadata?.labels ?? {}
  if (selects(selector, labels)) return []
  const shown = `map[string]string{${Object.entries(labels)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join(', ')}}`
  return [diagnosticAt(r, [...at, 'template', 'metadata', 'labels'], 'K8S_INVALID', 'error', `Invalid value: ${shown}: \`selector\` does not match template \`labels\``)]
}
