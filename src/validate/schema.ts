/**
 * The subset of an OpenAPI v3 structural schema that the API server enforces on the fields the simulator
 * reads, and the messages it answers with (k8s.io/apiextensions-apiserver validation, as printed by
 * `kubectl apply`: `The Egress "x" is invalid: spec.ports[0].number: Invalid value: …`).
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean'
  required?: string[]
  properties?: Record<string, Schema>
  items?: Schema
  additionalProperties?: Schema
  enum?: string[]
  minimum?: number
  maximum?: number
  pattern?: string
  minItems?: number
  maxItems?: number
  /** An object's count of fields (a map's entries). */
  minProperties?: number
  maxProperties?: number
  /** First release whose CRD has this node's minProperties/maxProperties (Istio's; default: every release). */
  countSince?: string
  minLength?: number
  maxLength?: number
  /** Applied to a missing field before validation, as the API server does (Go zero values for built-in kinds). */
  default?: unknown
  /** IntOrString: either type is accepted. */
  'x-kubernetes-int-or-string'?: true
  /** Built-in kinds' Go validation, which no schema expresses: the API server's message for a bad value. */
  invalid?: (value: unknown) => string | undefined
  /**
   * The CRDs' way of saying "at most one of these fields": `oneOf: [{not: {anyOf: [{required: [a]}, …]}},
   * {required: [a]}, …]`, spelled here as the field names; under `allOf`, several such groups.
   */
  'x-one-of-fields'?: string[]
  'x-all-of-one-of-fields'?: string[][]
  /** A list whose items are told apart by these keys: two items with the same keys are a duplicate. */
  'x-kubernetes-list-type'?: 'map'
  'x-kubernetes-list-map-keys'?: string[]
  /** CEL rules the API server evaluates on this node (src/validate/cel-rules.ts). */
  'x-kubernetes-validations'?: CelRule[]
}

/** One x-kubernetes-validations entry, with the releases of the CRD that carry it. */
export interface CelRule {
  rule: string
  message: string
  /** First release whose CRD has the rule (default: the first with CEL rules at all). */
  since?: string
  /** Last release whose CRD has the rule. */
  until?: string
}

export type Path = Array<string | number>

export interface SchemaViolation {
  rule:
    | 'required'
    | 'type'
    | 'enum'
    | 'minimum'
    | 'maximum'
    | 'pattern'
    | 'minItems'
    | 'maxItems'
    | 'minProperties'
    | 'maxProperties'
    | 'minLength'
    | 'maxLength'
    | 'invalid'
    | 'duplicate'
    | 'oneOf'
  /** Path segments of the offending value (of the missing field for "required"). */
  at: Path
  /** "spec.ports[0].number", as the API server names it. */
  field: string
  /** What follows "<field>: " in the API server's message. */
  message: string
  /** For "type": the JSON type found and the one the schema wants. */
  got?: string
  expected?: string
  /** For minProperties/maxProperties: the node's countSince. */
  since?: string
}

const checked = new WeakMap<object, Map<Schema, Map<string, SchemaViolation[]>>>()

/**
 * A missing or null value has nothing to check: the API server prunes null fields before validating.
 * Results are remembered per object and schema (loaded objects never change), so the editor, which
 * re-validates the whole file on every keystroke, only pays for the document that changed.
 */
export function checkSchema(value: unknown, schema: Schema, at: Path): SchemaViolation[] {
  if (value === undefined || value === null) return []
  if (typeof value !== 'object') return checkValue(value, schema, at)
  let bySchema = checked.get(value)
  if (!bySchema) checked.set(value, (bySchema = new Map()))
  let byPath = bySchema.get(schema)
  if (!byPath) bySchema.set(schema, (byPath = new Map()))
  const key = at.join('\u0000')
  let result = byPath.get(key)
  if (!result) byPath.set(key, (result = checkValue(value, schema, at)))
  return result
}

function checkValue(value: unknown, schema: Schema, at: Path): SchemaViolation[] {
  // Most values are valid: the field name is only built for a violation.
  const violation = (rule: SchemaViolation['rule'], message: (field: string) => string): SchemaViolation[] => {
    const field = fieldName(at)
    return [{rule, at, field, message: message(field)}]
  }
  const got = jsonType(value)
  if (!typeMatches(schema, got)) {
    const expected = schema.type ?? 'integer or string'
    const field = fieldName(at)
    return [{rule: 'type', at, field, got, expected, message: `Invalid value: "${got}": ${field} in body must be of type ${expected}: "${got}"`}]
  }
  if (schema.enum && !schema.enum.includes(value as string)) {
    return violation('enum', () => `Unsupported value: ${JSON.stringify(value)}: supported values: ${schema.enum!.map((e) => JSON.stringify(e)).join(', ')}`)
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      return violation('minimum', (field) => `Invalid value: ${value}: ${field} in body should be greater than or equal to ${schema.minimum}`)
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      return violation('maximum', (field) => `Invalid value: ${value}: ${field} in body should be less than or equal to ${schema.maximum}`)
    }
  }
  // k8s.io/apiextensions-apiserver reports these as field.TooLong / field.TooMany / a short value.
  if (typeof value === 'string' && schema.maxLength !== undefined && [...value].length > schema.maxLength) {
    return violation('maxLength', () => `Too long: may not be more than ${schema.maxLength} bytes`)
  }
  if (typeof value === 'string' && schema.minLength !== undefined && [...value].length < schema.minLength) {
    return violation('minLength', (field) => `Invalid value: ${JSON.stringify(value)}: ${field} in body should be at least ${schema.minLength} chars long`)
  }
  if (typeof value === 'string' && schema.pattern !== undefined && !patternOf(schema.pattern).test(value)) {
    return violation('pattern', (field) => `Invalid value: ${JSON.stringify(value)}: ${field} in body should match '${schema.pattern}'`)
  }
  if (Array.isArray(value) && schema.minItems !== undefined && value.length < schema.minItems) {
    return violation('minItems', (field) => `Invalid value: ${value.length}: ${field} in body should have at least ${schema.minItems} items`)
  }
  if (Array.isArray(value) && schema.maxItems !== undefined && value.length > schema.maxItems) {
    return violation('maxItems', () => tooMany(value.length, schema.maxItems!))
  }
  const invalid = schema.invalid?.(value)
  if (invalid) return violation('invalid', () => `Invalid value: ${JSON.stringify(value)}: ${invalid}`)
  // List items are not pruned: a null item has the wrong type.
  if (Array.isArray(value)) return [...(schema.items ? value.flatMap((v, i) => checkValue(v, schema.items!, [...at, i])) : []), ...duplicateKeys(value, schema, at)]
  if (value === null || typeof value !== 'object') return []
  const object = value as Record<string, unknown>
  const count = objectCount(object, schema, at)
  const missing = (schema.required ?? [])
    .filter((k) => object[k] === undefined || object[k] === null)
    .map((k): SchemaViolation => ({rule: 'required', at: [...at, k], field: fieldName([...at, k]), message: 'Required value'}))
  // A null field or map entry is pruned, not checked (PruneNonNullableNullsWithoutDefaults).
  const nested = Object.entries(object).flatMap(([k, v]) => {
    const child = schema.properties?.[k] ?? schema.additionalProperties
    return !child || v === undefined || v === null ? [] : checkValue(v, child, [...at, k])
  })
  const exclusive = oneOfViolations(object, schema, at)
  const defaulted = Object.entries(schema.properties ?? {})
    .filter(([k, child]) => child.default !== undefined && (object[k] === undefined || object[k] === null))
    .flatMap(([k, child]) => checkValue(child.default, child, [...at, k]))
  return [...count, ...missing, ...exclusive, ...nested, ...defaulted]
}

/**
 * minProperties / maxProperties, checked before the fields (kube-openapi pkg/validation/validate
 * object_validator.go): too many is turned into field.TooMany like maxItems; too few keeps kube-openapi's
 * own words under field.Invalid with the count as the value (apiextensions-apiserver
 * pkg/apiserver/validation/validation.go kubeOpenAPIResultToFieldErrors, TooManyPropertiesCode / default).
 */
function objectCount(object: Record<string, unknown>, schema: Schema, at: Path): SchemaViolation[] {
  if (schema.minProperties === undefined && schema.maxProperties === undefined) return []
  // Null fields are pruned before validation (apiextensions-apiserver pkg/apiserver/schema/defaulting/prunenulls.go).
  const n = Object.values(object).filter((v) => v !== undefined && v !== null).length
  if (schema.maxProperties !== undefined && n > schema.maxProperties) {
    return [{rule: 'maxProperties', at, field: fieldName(at), message: tooMany(n, schema.maxProperties), since: schema.countSince}]
  }
  if (schema.minProperties !== undefined && n < schema.minProperties) {
    const field = fieldName(at)
    return [{rule: 'minProperties', at, field, message: `Invalid value: ${n}: ${field} in body should have at least ${schema.minProperties} properties`, since: schema.countSince}]
  }
  return []
}

/** apimachinery field.TooMany: "item" when at most one is allowed (since Kubernetes 1.34, c58e197e). */
function tooMany(actual: number, max: number): string {
  return `Too many: ${actual}: must have at most ${max} ${max === 1 ? 'item' : 'items'}`
}

/**
 * Two fields of one oneOf group set: the API server's (kube-openapi's) words, about the path without list
 * indices and no field of its own, as a kube-apiserver answered here: `<nil>: Invalid value: "":
 * "spec.http.match.uri" must validate one and only one schema (oneOf). Found 2 valid alternatives`.
 */
function oneOfViolations(object: Record<string, unknown>, schema: Schema, at: Path): SchemaViolation[] {
  const groups = schema['x-one-of-fields'] ? [schema['x-one-of-fields']] : (schema['x-all-of-one-of-fields'] ?? [])
  const where = at.filter((s) => typeof s === 'string').join('.')
  const out: SchemaViolation[] = []
  for (const group of groups) {
    const set = group.filter((k) => object[k] !== undefined && object[k] !== null).length
    if (set > 1)
      out.push({rule: 'oneOf', at, field: '<nil>', message: `Invalid value: "": "${where}" must validate one and only one schema (oneOf). Found ${set} valid alternatives`})
  }
  if (out.length > 0 && schema['x-all-of-one-of-fields'])
    out.push({rule: 'oneOf', at, field: '<nil>', message: `Invalid value: "": "${where}" must validate all the schemas (allOf)`})
  return out
}

/**
 * x-kubernetes-list-type: map (k8s.io/apiextensions-apiserver pkg/apiserver/schema/listtype/validation.go):
 * a later item with the same key values is reported as Go prints the keys, `map[string]interface {}{"name":"a"}`.
 */
function duplicateKeys(list: unknown[], schema: Schema, at: Path): SchemaViolation[] {
  const keys = schema['x-kubernetes-list-type'] === 'map' ? (schema['x-kubernetes-list-map-keys'] ?? []) : []
  if (keys.length === 0) return []
  const seen = new Set<string>()
  const out: SchemaViolation[] = []
  list.forEach((item, i) => {
    if (item === null || typeof item !== 'object') return
    const values = [...keys]
      .sort()
      .map((k) => [k, (item as Record<string, unknown>)[k]] as const)
      .filter(([, v]) => v !== undefined)
    const shown = `map[string]interface {}{${values.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(', ')}}`
    if (seen.has(shown)) out.push({rule: 'duplicate', at: [...at, i], field: fieldName([...at, i]), message: `Duplicate value: ${shown}`})
    seen.add(shown)
  })
  return out
}

const patterns = new Map<string, RegExp>()

function patternOf(source: string): RegExp {
  let re = patterns.get(source)
  if (!re) patterns.set(source, (re = new RegExp(source)))
  return re
}

/** ["spec", "ports", 0, "number"] → "spec.ports[0].number". */
export function fieldName(at: Readonly<Path>): string {
  return at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')
}

function typeMatches(schema: Schema, got: string): boolean {
  if (schema['x-kubernetes-int-or-string']) return got === 'integer' || got === 'string'
  if (!schema.type || schema.type === got) return true
  return schema.type === 'number' && got === 'integer'
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (Number.isInteger(value)) return 'integer'
  return typeof value === 'number' ? 'number' : typeof value
}
