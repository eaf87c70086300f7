/**
 * The Istio schemas validateIstio enforces must say what the upstream CRDs say, constraint by constraint.
 * The CRDs are read from ../shared at test time, never copied into the project.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parseAllDocuments} from 'yaml'
import {ISTIO_REQUIRED_TOP, ISTIO_SPECS} from '../../src/validate/istio/schemas.js'
import {type CrdSchema, constraints, nodesWithRules, schemaPairs} from '../helpers/crd-schema.js'
import {ROOT} from '../helpers/cli.js'

interface Crd {
  spec: {names: {kind: string}; versions: Array<{name: string; schema: {openAPIV3Schema: {required?: string[]; properties: {spec: CrdSchema}}}}>}
}

const crds = parseAllDocuments(readFileSync(join(ROOT, '..', 'shared', 'crds', 'istio', 'networking-crds.yaml'), 'utf8')).map((d) => d.toJS() as Crd)

describe.each(Object.entries(ISTIO_SPECS))('%s', (kind, schema) => {
  const crd = crds.find((c) => c.spec.names.kind === kind)
  describe.each(['v1alpha3', 'v1beta1', 'v1'])('%s', (version) => {
    const spec = crd!.spec.versions.find((v) => v.name === version)!.schema.openAPIV3Schema.properties.spec
    const pairs = schemaPairs(schema, spec, 'spec')
    test.each(pairs)('%s agrees with the CRD', (_path, ours, theirs) => {
      expect(theirs, 'the CRD has no such field').toBeDefined()
      expect(constraints(ours)).toEqual(constraints(theirs!))
    })
    // Walked from the CRD's side: no CEL rule or oneOf group of the CRD is left out of ours.
    test.each(nodesWithRules(spec, 'spec'))('%s: its CEL rules and oneOf groups are ours', (path) => {
      const ours = pairs.find(([p]) => p === path)
      expect(ours, 'our schema has no such field').toBeDefined()
      const {rules, oneOf, allOfOneOf} = constraints(ours![1])
      const theirs = constraints(ours![2]!)
      expect({rules, oneOf, allOfOneOf}).toEqual({rules: theirs.rules, oneOf: theirs.oneOf, allOfOneOf: theirs.allOfOneOf})
    })
    test('the object-level required fields', () => {
      const top = crd!.spec.versions.find((v) => v.name === version)!.schema.openAPIV3Schema.required
      expect(ISTIO_REQUIRED_TOP[kind]).toEqual(top)
    })
  })
})
