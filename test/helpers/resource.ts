import {layoutYaml} from '../../src/cluster/yaml-layout.js'
import {parseResources} from '../../src/load/parse.js'
import type {Resource} from '../../src/model/resource.js'
import type {ModelSet} from '../../src/model/set.js'

let counter = 0
const texts = new WeakMap<Resource, string>()

/**
 * A Resource from a plain object, loaded by the real loader from the YAML `snapshot` would print for it,
 * so every value has the position the loader gives it. `lineOf` finds a line in that text.
 *
 * @example resource({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'default'}})
 */
export function resource<Spec = unknown>(obj: Record<string, unknown>, file = `test-${++counter}.yaml`): Resource<Spec> {
  const text = layoutYaml(obj).text
  const {resources, diagnostics} = parseResources(text, file)
  if (resources.length !== 1 || diagnostics.length > 0) throw new Error(`not one loadable object: ${diagnostics.map((d) => d.message).join('; ')}\n${text}`)
  texts.set(resources[0], text)
  return resources[0] as Resource<Spec>
}

/** The line of `r`'s YAML text that holds `needle` (the `nth` such line), found in the text itself. */
export function lineOf(r: Resource, needle: string, nth = 1): number {
  const text = texts.get(r)
  if (text === undefined) throw new Error(`${r.ref.kind}/${r.ref.name} was not made by resource()`)
  let seen = 0
  const i = text.split('\n').findIndex((l) => l.includes(needle) && ++seen === nth)
  if (i === -1) throw new Error(`no line ${nth} holding ${JSON.stringify(needle)} in\n${text}`)
  return i + 1
}

export function modelSet(...objects: Array<Record<string, unknown> | Resource>): ModelSet {
  return {resources: objects.map((o) => ('positions' in o ? (o as Resource) : resource(o)))}
}
