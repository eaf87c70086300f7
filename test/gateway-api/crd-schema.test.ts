/**
 * The Gateway API schemas validateGatewayApi enforces must say what the upstream CRDs say, constraint by
 * constraint, for every version we accept. The CRDs are test data vendored verbatim from
 * sigs.k8s.io/gateway-api v1.5.1 config/crd/experimental (test/fixtures/upstream/gateway-api/README.md).
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parse} from 'yaml'
import {GATEWAY_API_SPECS, SPEC_OPTIONAL} from '../../src/validate/gateway-api/schemas.js'
import {ROOT} from '../helpers/cli.js'
import {type CrdSchema, constraintsWithLimits, schemaPairs} from '../helpers/crd-schema.js'

interface Crd {
  spec: {names: {kind: string}; versions: Array<{name: string; schema: {openAPIV3Schema: {required?: string[]; properties: {spec: CrdSchema}}}}>}
}

/** The experimental channel holds every version of every kind (TCPRoute and TLSRoute v1alpha2 only there). */
const CHANNEL = join(ROOT, 'test', 'fixtures', 'upstream', 'gateway-api', 'experimental')
const crds = readdirSync(CHANNEL)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(readFileSync(join(CHANNEL, f), 'utf8')) as Crd)

describe('Gateway API CRDs', () => {
  describe.each(Object.entries(GATEWAY_API_SPECS))('%s', (kind, versions) => {
    const crd = crds.find((c) => c.spec.names.kind === kind)
    describe.each(Object.entries(versions))('%s', (version, schema) => {
      const root = crd?.spec.versions.find((v) => v.name === version)?.schema.openAPIV3Schema
      const spec = root?.properties.spec
      test('the CRD serves this version', () => expect(spec).toBeDefined())
      test('spec is required unless the CRD says otherwise', () => expect(SPEC_OPTIONAL.has(kind)).toBe(!root?.required?.includes('spec')))
      test.each(schemaPairs(schema, spec, 'spec'))('%s agrees with the CRD', (_path, ours, theirs) => {
        expect(theirs, 'the CRD has no such field').toBeDefined()
        expect(constraintsWithLimits(ours)).toEqual(constraintsWithLimits(theirs!))
      })
    })
  })
})
