import {createRequire} from 'node:module'
import type * as CelModule from '@bufbuild/cel'
import {parseGoDuration} from '../../sim/compile/istio/duration.js'
import {fieldName, type CelRule, type Path, type Schema} from './schema.js'

/**
 * The CRD validation rules (x-kubernetes-validations) the API server evaluates with CEL, evaluated here with
 * @bufbuild/cel, a CEL implementation tested against the CEL conformance suite. Like the API server
 * (k8s.io/apiextensions-apiserver pkg/apiserver/schema/cel/validation.go), `self` is the value at the rule's
 * node, typed by the schema: integers are CEL ints, objects are maps (so `has(self.field)` asks whether the
 * field is set), and a rule that evaluates to anything but true is reported as
 * `<field>: Invalid value: "<schema type>": <message>`.
 */

export interface CelViolation {
  at: Path
  field: string
  message: string
}

type Cel = typeof CelModule
type Program = (ctx: {self: CelModule.CelInput}) => CelModule.CelResult

let cel: {module: Cel; env: CelModule.CelEnv} | undefined
const programs = new Map<string, Program>()

/**
 * Loaded on the first rule that has a value to check (≈0.4–0.7 s on the reference machine), so that commands
 * reading no custom resource with rules never pay for it. Synchronous, through the package's CommonJS build,
 * because validation is.
 */
function program(rule: string): Program {
  let p = programs.get(rule)
  if (!p) {
    if (!cel) {
      const require = createRequire(import.meta.url)
      const module = require('@bufbuild/cel') as Cel
      // The API server's CEL environment has the strings extension (substring, …); the rest is standard CEL.
      const {strings} = require('@bufbuild/cel/ext') as {strings: CelModule.CelFunc[]}
      cel = {module, env: module.celEnv({funcs: strings})}
    }
    p = cel.module.plan(cel.env, cel.module.parse(rule)) as Program
    programs.set(rule, p)
  }
  return p
}

const checked = new WeakMap<object, Map<string, CelViolation[]>>()

/**
 * Every rule of `schema` (and of the nodes below it) that `applies`, evaluated on `value`. Remembered per
 * object and `key` (the rule selection), as the editor re-validates unchanged objects on every keystroke.
 */
export function celViolations(value: unknown, schema: Schema, at: Path, applies: (r: CelRule) => boolean, key: string): CelViolation[] {
  if (value === null || typeof value !== 'object') return walk(value, schema, at, applies)
  let byKey = checked.get(value)
  if (!byKey) checked.set(value, (byKey = new Map()))
  let result = byKey.get(key)
  if (!result) byKey.set(key, (result = walk(value, schema, at, applies)))
  return result
}

function walk(value: unknown, schema: Schema, at: Path, applies: (r: CelRule) => boolean): CelViolation[] {
  if (value === undefined || value === null) return []
  const out: CelViolation[] = []
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    if (!applies(rule)) continue
    const failure = evaluate(rule, value, schema)
    if (failure) out.push({at, field: fieldName(at), message: `Invalid value: "${schema.type ?? 'object'}": ${failure}`})
  }
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((v, i) => out.push(...walk(v, schema.items!, [...at, i], applies)))
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const child = schema.properties?.[k] ?? schema.additionalProperties
      if (child) out.push(...walk(v, child, [...at, k], applies))
    }
  }
  return out
}

/** The message for a rule that does not hold (or fails to evaluate), or null. */
function evaluate(rule: CelRule, value: unknown, schema: Schema): string | null {
  const result = program(rule.rule)({self: toCel(value, schema)})
  if (result === true) return null
  if (cel!.module.isCelError(result)) return `${errorText(result, value)} evaluating rule: ${rule.message.trim()}`
  return rule.message
}

/** cel-go reports a bad duration with Go's time.ParseDuration error; other errors keep the evaluator's words. */
function errorText(error: Error, value: unknown): string {
  if (typeof value === 'string' && /duration/i.test(error.message) && parseGoDuration(value) === null) return `time: invalid duration ${JSON.stringify(value)}`
  return error.message
}

/** The CEL value of a JSON value, typed by its schema as the API server types it. */
function toCel(value: unknown, schema: Schema | undefined): CelModule.CelInput {
  if (Array.isArray(value)) return value.map((v) => toCel(v, schema?.items))
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toCel(v, schema?.properties?.[k] ?? schema?.additionalProperties)]))
  }
  if (typeof value === 'number' && schema?.type === 'integer' && Number.isInteger(value)) return BigInt(value)
  return value as CelModule.CelInput
}
