/**
 * The schema facts validateIstio enforces (required fields, enums) must be what the upstream CRDs say.
 * The CRDs are read from ../shared at test time, never copied into the project.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parseAllDocuments} from 'yaml'
import {ISTIO_SCHEMA} from '../../src/validate/istio/schema.js'
import {ROOT} from '../helpers/cli.js'

interface JsonSchema {
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  required?: string[]
  enum?: string[]
}
interface Crd {
  spec: {names: {kind: string}; versions: Array<{name: string; schema: {openAPIV3Schema: JsonSchema}}>}
}

const crds = parseAllDocuments(readFileSync(join(ROOT, '..', 'shared', 'crds', 'istio', 'networking-crds.yaml'), 'utf8')).map((d) => d.toJS() as Crd)

/** The schema node at "spec.ports[]" in one served version. */
function nodeAt(root: JsonSchema, path: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = root
  for (const part of path.split('.')) {
    const list = part.endsWith('[]')
    node = node?.properties?.[list ? part.slice(0, -2) : part]
    if (list) node = node?.items
  }
  return node
}

describe.each(Object.entries(ISTIO_SCHEMA))('%s', (kind, facts) => {
  const crd = crds.find((c) => c.spec.names.kind === kind)
  test.each(['v1alpha3', 'v1beta1', 'v1'])('%s agrees with the CRD', (version) => {
    const schema = crd!.spec.versions.find((v) => v.name === version)!.schema.openAPIV3Schema
    for (const req of facts.required) expect([req.path, nodeAt(schema, req.path)?.required]).toEqual([req.path, req.fields])
    for (const e of facts.enums) expect([e.path, nodeAt(schema, e.path)?.enum]).toEqual([e.path, e.values])
  })
})
