/** Our minimal schemas must say what the upstream OSM v1.2.4 CRDs say, constraint by constraint. */
import {readFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import {parseAllDocuments} from 'yaml'
import type {Schema} from '../../src/validate/osm/schema.js'
import {EGRESS_SPEC, HTTP_ROUTE_GROUP_SPEC, MESH_CONFIG_SPEC, UPSTREAM_TRAFFIC_SETTING_SPEC} from '../../src/validate/osm/schemas.js'

const CRDS = '/work/shared/crds/osm-v1.2.4/'

type CrdSchema = Schema & {properties?: Record<string, CrdSchema>; items?: CrdSchema; additionalProperties?: CrdSchema}

function specSchema(file: string, version: string): CrdSchema {
  const crd = parseAllDocuments(readFileSync(CRDS + file, 'utf8')).map((d) => d.toJS()).find((d) => d?.kind === 'CustomResourceDefinition')
  const v = crd.spec.versions.find((x: {name: string}) => x.name === version)
  return v.schema.openAPIV3Schema.properties.spec
}

/** Every node of ours, paired with the CRD node at the same place. */
function pairs(ours: Schema, theirs: CrdSchema | undefined, path: string): Array<[string, Schema, CrdSchema | undefined]> {
  const out: Array<[string, Schema, CrdSchema | undefined]> = [[path, ours, theirs]]
  for (const [k, child] of Object.entries(ours.properties ?? {})) out.push(...pairs(child, theirs?.properties?.[k], `${path}.${k}`))
  if (ours.items) out.push(...pairs(ours.items, theirs?.items, `${path}[]`))
  if (ours.additionalProperties) out.push(...pairs(ours.additionalProperties, theirs?.additionalProperties, `${path}{}`))
  return out
}

const constraints = (s: CrdSchema) => ({
  type: s.type,
  required: s.required ? [...s.required].sort() : undefined,
  enum: s.enum,
  minimum: s.minimum,
  maximum: s.maximum,
  pattern: s.pattern,
})

describe.each([
  {file: 'policy_egress.yaml', version: 'v1alpha1', schema: EGRESS_SPEC},
  {file: 'smi_http_route_group.yaml', version: 'v1alpha4', schema: HTTP_ROUTE_GROUP_SPEC},
  {file: 'policy_upstream_traffic_setting.yaml', version: 'v1alpha1', schema: UPSTREAM_TRAFFIC_SETTING_SPEC},
  {file: 'config_meshconfig.yaml', version: 'v1alpha2', schema: MESH_CONFIG_SPEC},
])('$file $version', ({file, version, schema}) => {
  test.each(pairs(schema, specSchema(file, version), 'spec'))('%s', (_path, ours, theirs) => {
    expect(theirs, 'the CRD has no such field').toBeDefined()
    expect(constraints(ours)).toEqual(constraints(theirs!))
  })
})
