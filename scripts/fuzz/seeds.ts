import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import type {MeshName} from '../../sim/compile/index.js'

/** A policy set to mutate: its text as a user would write it, the mesh, and a client identity in it. */
export interface Seed {
  name: string
  mesh: MeshName
  text: string
  from: string
  /** Requests the seed's own scenario traces, as typed in the pod. */
  requests: string[]
}

/** examples/<mesh>/ (all files of a mesh as one set) and every ../shared/conformance scenario (resources and applies). */
export function readSeeds(root: string): Seed[] {
  const examples = join(root, 'examples')
  const fromExamples = readdirSync(examples)
    .filter((d) => statSync(join(examples, d)).isDirectory())
    .map((mesh) => {
      const dir = join(examples, mesh)
      const text = readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n---\n')
      return {name: `examples/${mesh}`, mesh: mesh as MeshName, text, from: 'curl/curl', requests: []}
    })
  const conformance = join(root, '..', 'shared', 'conformance')
  const fromScenarios = readdirSync(conformance)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const s = parse(readFileSync(join(conformance, f), 'utf8')) as {mesh: MeshName; resources?: string; steps: Array<{apply?: string; trace?: {from: string; request: string}}>}
      const traces = s.steps.flatMap((x) => (x.trace ? [x.trace] : []))
      const text = [s.resources ?? '', ...s.steps.flatMap((x) => (x.apply ? [x.apply] : []))].join('\n---\n')
      return {name: `conformance/${f}`, mesh: s.mesh, text, from: traces[0]?.from ?? 'default/default', requests: traces.map((t) => t.request)}
    })
  return [...fromExamples, ...fromScenarios]
}
