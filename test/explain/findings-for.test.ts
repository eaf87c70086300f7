/**
 * The editor's findings pane asks findingsFor() with the table it already compiled; what it shows must be
 * explain()'s findings for that client, computed from scratch. Checked on every bundled example and every
 * conformance scenario's starting objects, for every client identity they name.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parse} from 'yaml'
import {compile} from '../../sim/compile/index.js'
import {clientIdentities} from '../../src/client-identities.js'
import {explain, findingsFor} from '../../src/explain/index.js'
import {parseResources} from '../../src/load/parse.js'
import type {Diagnostic} from '../../src/model/diagnostic.js'
import type {ModelSet} from '../../src/model/set.js'
import {readInput} from '../../src/pipeline.js'
import {accepted, validate} from '../../src/validate/index.js'
import {ROOT} from '../helpers/cli.js'

type Mesh = 'osm' | 'osm-edge' | 'istio'

function expectSameFindings(set: ModelSet, diagnostics: Diagnostic[], mesh: Mesh): number {
  const live = accepted(set, diagnostics)
  const ids = clientIdentities([live], mesh)
  for (const id of ids) {
    const [namespace, serviceAccount] = id.split('/')
    const from = {namespace, serviceAccount}
    const table = compile(live, {mesh, ...from})
    expect(findingsFor(live, diagnostics, table, {mesh, from}), id).toEqual(explain(live, diagnostics, {mesh, from}).findings)
  }
  return ids.length
}

describe('findingsFor gives explain()’s findings for the client', () => {
  for (const mesh of ['osm', 'osm-edge', 'istio'] as const) {
    test(`examples/${mesh}`, async () => {
      const input = await readInput([join(ROOT, 'examples', mesh)])
      expect(expectSameFindings(input.set, input.diagnostics, mesh)).toBeGreaterThan(0)
    })
  }

  const conformance = join(ROOT, '..', 'shared', 'conformance')
  for (const file of readdirSync(conformance).filter((f) => f.endsWith('.yaml'))) {
    test(file, () => {
      const scenario = parse(readFileSync(join(conformance, file), 'utf8')) as {mesh: Mesh; resources: string}
      const set = {resources: parseResources(scenario.resources, file).resources}
      expectSameFindings(set, validate(set), scenario.mesh)
    })
  }
})
