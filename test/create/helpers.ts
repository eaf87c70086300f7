import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {expect} from 'vitest'
import {compile} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import {createManifests} from '../../src/create/index.js'
import {printManifests} from '../../src/create/print.js'
import {type CreateFlags, checkCreateFlags} from '../../src/create/spec.js'
import {parseResources} from '../../src/load/parse.js'
import type {ModelSet} from '../../src/model/set.js'
import {validate} from '../../src/validate/index.js'
import {ROOT} from '../helpers/cli.js'

/** The examples' mesh files: OSM with enableEgress=false and curl/curl; Istio REGISTRY_ONLY with the egress gateway and default/sleep. */
export function meshBase(mesh: CreateFlags['mesh']): string {
  return readFileSync(join(ROOT, 'examples', mesh, '00-mesh.yaml'), 'utf8')
}

/**
 * create → print → load next to the mesh base → validate. Fails the test if create refuses or if
 * validation reports an error; returns the loaded set and the printed text.
 */
export function created(flags: Omit<CreateFlags, 'mesh'> & {mesh?: CreateFlags['mesh']}, format = 'yaml', base?: string): {set: ModelSet; text: string} {
  const mesh = flags.mesh ?? 'osm'
  const checked = checkCreateFlags({...flags, mesh})
  expect(checked.problems).toEqual([])
  expect(checked.missing).toEqual([])
  const text = printManifests(createManifests(checked.spec!), format)
  const parsed = [parseResources(base ?? meshBase(mesh), 'base.yaml'), parseResources(text, `created.${format}`)]
  const set: ModelSet = {resources: parsed.flatMap((p) => p.resources)}
  expect(parsed.flatMap((p) => p.diagnostics)).toEqual([])
  expect(validate(set).filter((d) => d.severity === 'error')).toEqual([])
  return {set, text}
}

/** The trace verdict of `request` from `from` (NS/SA), with the mesh compiled from `set`. */
export function verdictOf(set: ModelSet, mesh: CreateFlags['mesh'], from: string, request: string, upstreamDelaySeconds?: number) {
  const [namespace, serviceAccount] = from.split('/')
  const parsed = requestFrom(request)
  if (!parsed.ok) throw new Error(`bad request ${request}: ${parsed.error.message}`)
  return trace(compile(set, {mesh, namespace, serviceAccount}), parsed.value, {upstreamDelaySeconds})
}

/** Asserts which requests are allowed and which denied. */
export function expectVerdicts(set: ModelSet, mesh: CreateFlags['mesh'], from: string, allowed: string[], denied: string[]): void {
  const got = (r: string) => `${r} → ${verdictOf(set, mesh, from, r).outcome.verdict}`
  expect([...allowed, ...denied].map(got)).toEqual([...allowed.map((r) => `${r} → allow`), ...denied.map((r) => `${r} → deny`)])
}
