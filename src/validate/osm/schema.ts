/**
 * The subset of a CRD's structural schema (OpenAPI v3) that the API server enforces on the fields egress
 * depends on, and the messages it answers with (k8s.io/apiextensions-apiserver validation, as printed by
 * `kubectl apply`: `The Egress "x" is invalid: spec.ports[0].number: Invalid value: …`).
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'boolean'
  required?: string[]
  properties?: Record<string, Schema>
  items?: Schema
  additionalProperties?: Schema
  enum?: string[]
  minimum?: number
  maximum?: number
  pattern?: string
}

export interface SchemaViolation {
  rule: 'required' | 'type' | 'enum' | 'minimum' | 'maximum' | 'pattern'
  /** Path segments of the offending value (of the parent object for "required"). */
  at: Array<string | number>
  /** "spec.ports[0].number", as the API server names it. */
  field: string
  /** What follows "<field>: " in the API server's message. */
  message: string
}

export function checkSchema(value: unknown, schema: Schema, at: Array<string | number>): SchemaViolation[] {
  if (value === undefined || value === null) return []
  const field = fieldName(at)
  const violation = (rule: SchemaViolation['rule'], message: string): SchemaViolation[] => [{rule, at, field, message}]
  if (schema.type && jsonType(value) !== schema.type && !(schema.type === 'integer' && Number.isInteger(value))) {
    const got = jsonType(value)
    return violation('type', `Invalid value: "${got}": ${field} in body must be of type ${schema.type}: "${got}"`)
  }
  if (schema.enum && !schema.enum.includes(value as string)) {
    return violation('enum', `Unsupported value: ${JSON.stringify(value)}: supported values: ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`)
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      return violation('minimum', `Invalid value: ${value}: ${field} in body should be greater than or equal to ${schema.minimum}`)
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      return violation('maximum', `Invalid value: ${value}: ${field} in body should be less than or equal to ${schema.maximum}`)
    }
  }
  if (typeof value === 'string' && schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
    return violation('pattern', `Invalid value: ${JSON.stringify(value)}: ${field} in body should match '${schema.pattern}'`)
  }
  if (Array.isArray(value)) return schema.items ? value.flatMap((v, i) => checkSchema(v, schema.items!, [...at, i])) : []
  if (typeof value !== 'object') return []
  const object = value as Record<string, unknown>
  const missing = (schema.required ?? [])
    .filter((k) => object[k] === undefined || object[k] === null)
    .map((k): SchemaViolation => ({rule: 'required', at, field: fieldName([...at, k]), message: 'Required value'}))
  const nested = Object.entries(object).flatMap(([k, v]) => {
    const child = schema.properties?.[k] ?? schema.additionalProperties
    return child ? checkSchema(v, child, [...at, k]) : []
  })
  return [...missing, ...nested]
}

/** ["spec", "ports", 0, "number"] → "spec.ports[0].number". */
export function fieldName(at: ReadonlyArray<string | number>): string {
  return at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array'
  if (Number.isInteger(value)) return 'integer'
  return typeof value === 'number' ? 'number' : typeof value
}
