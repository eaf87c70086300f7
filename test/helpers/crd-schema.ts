import type {Schema} from '../../src/validate/schema.js'

/** A node of an upstream CRD's openAPIV3Schema, read as the same shape as ours. */
export type CrdSchema = Schema & {properties?: Record<string, CrdSchema>; items?: CrdSchema; additionalProperties?: CrdSchema}

/** How a CRD spells "at most one of these fields" (our schemas name the fields directly). */
type CrdOneOf = {oneOf?: Array<{required?: string[]}>; allOf?: Array<{oneOf?: Array<{required?: string[]}>}>}

/** Every node of ours, paired with the CRD node at the same place ("spec.ports[]", "spec.labels{}"). */
export function schemaPairs(ours: Schema, theirs: CrdSchema | undefined, path: string): Array<[string, Schema, CrdSchema | undefined]> {
  const out: Array<[string, Schema, CrdSchema | undefined]> = [[path, ours, theirs]]
  for (const [k, child] of Object.entries(ours.properties ?? {})) out.push(...schemaPairs(child, theirs?.properties?.[k], `${path}.${k}`))
  if (ours.items) out.push(...schemaPairs(ours.items, theirs?.items, `${path}[]`))
  if (ours.additionalProperties) out.push(...schemaPairs(ours.additionalProperties, theirs?.additionalProperties, `${path}{}`))
  return out
}

/** Every node of a CRD schema, by the same path names as schemaPairs: the walk from the CRD's side. */
export function crdPaths(s: CrdSchema, path: string): string[] {
  return [
    path,
    ...Object.entries(s.properties ?? {}).flatMap(([k, child]) => crdPaths(child, `${path}.${k}`)),
    ...(s.items ? crdPaths(s.items, `${path}[]`) : []),
    ...(s.additionalProperties && typeof s.additionalProperties === 'object' ? crdPaths(s.additionalProperties, `${path}{}`) : []),
  ]
}

/**
 * The constraints the API server enforces from one node. Our rules marked `until` a release are the CRD's
 * of older releases only, so they are not in the newest CRD.
 */
export const constraints = (s: CrdSchema) => ({
  ...structural(s),
  default: s.default,
  oneOf: s['x-one-of-fields'] ?? (s as CrdOneOf).oneOf?.flatMap((alt) => alt.required ?? []),
  allOfOneOf: s['x-all-of-one-of-fields'] ?? (s as CrdOneOf).allOf?.map((a) => (a.oneOf ?? []).flatMap((alt) => alt.required ?? [])),
  listType: s['x-kubernetes-list-type'],
  listMapKeys: s['x-kubernetes-list-map-keys'],
  rules: current(s['x-kubernetes-validations']),
})

function current(rules: Schema['x-kubernetes-validations']) {
  const now = (rules ?? []).filter((r) => r.until === undefined).map(({rule, message}) => ({rule, message}))
  return now.length ? now : undefined
}

/** Every node of a CRD schema that carries CEL rules or oneOf groups, by the same path names as schemaPairs. */
export function nodesWithRules(s: CrdSchema, path: string): string[] {
  const here = s['x-kubernetes-validations']?.length || (s as CrdOneOf).oneOf || (s as CrdOneOf).allOf ? [path] : []
  const below = [
    ...Object.entries(s.properties ?? {}).flatMap(([k, child]) => nodesWithRules(child, `${path}.${k}`)),
    ...(s.items ? nodesWithRules(s.items, `${path}[]`) : []),
    ...(s.additionalProperties && typeof s.additionalProperties === 'object' ? nodesWithRules(s.additionalProperties, `${path}{}`) : []),
  ]
  return [...here, ...below]
}

/** Type, required fields, enum, bounds, pattern, minItems and an object's field count: what every CRD node comparison checks. */
const structural = (s: CrdSchema) => ({
  type: s.type,
  required: s.required ? [...s.required].sort() : undefined,
  enum: s.enum,
  minimum: s.minimum,
  maximum: s.maximum,
  pattern: s.pattern,
  minItems: s.minItems,
  minProperties: s.minProperties,
  maxProperties: s.maxProperties,
})

/**
 * Gateway API nodes: the structural constraints with the length and count limits its CRDs also carry. Its
 * CEL rules are not compared here yet (src/validate/gateway-api/cel.ts checks them, with its own tests).
 */
export const constraintsWithLimits = (s: CrdSchema) => ({...structural(s), maxItems: s.maxItems, minLength: s.minLength, maxLength: s.maxLength})
