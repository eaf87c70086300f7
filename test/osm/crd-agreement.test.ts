/** Our minimal schemas must say what the upstream OSM v1.2.4 CRDs say, constraint by constraint. */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parseAllDocuments} from 'yaml'
import {type CrdSchema, constraints, schemaPairs} from '../helpers/crd-schema.js'
import {EGRESS_SPEC, HTTP_ROUTE_GROUP_SPEC, MESH_CONFIG_SPEC, MESH_CONFIG_V1ALPHA1_SPEC, UPSTREAM_TRAFFIC_SETTING_SPEC} from '../../src/validate/osm/schemas.js'
import {ROOT} from '../helpers/cli.js'

const CRDS = join(ROOT, '..', 'shared', 'crds', 'osm-v1.2.4')

function specSchema(file: string, version: string): CrdSchema {
  const crd = parseAllDocuments(readFileSync(join(CRDS, file), 'utf8')).map((d) => d.toJS()).find((d) => d?.kind === 'CustomResourceDefinition')
  const v = crd.spec.versions.find((x: {name: string}) => x.name === version)
  return v.schema.openAPIV3Schema.properties.spec
}

describe.each([
  {file: 'policy_egress.yaml', version: 'v1alpha1', schema: EGRESS_SPEC},
  {file: 'smi_http_route_group.yaml', version: 'v1alpha4', schema: HTTP_ROUTE_GROUP_SPEC},
  {file: 'policy_upstream_traffic_setting.yaml', version: 'v1alpha1', schema: UPSTREAM_TRAFFIC_SETTING_SPEC},
  {file: 'config_meshconfig.yaml', version: 'v1alpha2', schema: MESH_CONFIG_SPEC},
  {file: 'config_meshconfig.yaml', version: 'v1alpha1', schema: MESH_CONFIG_V1ALPHA1_SPEC},
])('$file $version', ({file, version, schema}) => {
  test.each(schemaPairs(schema, specSchema(file, version), 'spec'))('%s', (_path, ours, theirs) => {
    expect(theirs, 'the CRD has no such field').toBeDefined()
    expect(constraints(ours)).toEqual(constraints(theirs!))
  })
})
