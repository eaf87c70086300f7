import {flowKey} from '../replay/flow.js'
import type {Observed} from '../replay/collect.js'
import {replay, type ReplayedFlow, type ReplayOptions} from '../replay/replay.js'
import {flowText} from '../render/replay-json.js'
import {parseResources} from '../load/parse.js'
import {formatDiagnostic, type Diagnostic} from '../model/diagnostic.js'
import type {ModelSet} from '../model/set.js'
import {istioVersionOf} from '../pipeline.js'
import {validate} from '../validate/index.js'
import {neighbours} from './neighbours.js'

/** Where the printed policies are cited from in the proof's diagnostics. */
export const SUGGESTED_FILE = '<suggested>'

export interface Proof {
  /** Empty when proven: one line per observed flow not allowed, neighbour allowed, or validation error. */
  problems: string[]
  flows: number
  neighbours: number
}

const keyOf = (f: ReplayedFlow) => `${f.from} ${f.workload ?? ''} ${f.flow ? flowKey(f.flow) : '?'}`

/**
 * Proves the suggested policies by the same load → validate → replay pipeline the user would run: EXISTING
 * plus the printed YAML must validate; every observed flow allowed before or wanted must be allowed; and
 * every neighbour of a wanted flow that EXISTING denied must still be denied.
 */
export function prove(
  existing: ModelSet,
  yaml: string,
  observed: readonly Observed[],
  before: readonly ReplayedFlow[],
  wanted: readonly ReplayedFlow[],
  opts: ReplayOptions & {paths: boolean; istioVersion?: string},
): Proof {
  const parsed = parseResources(yaml, SUGGESTED_FILE)
  const combined: ModelSet = {resources: [...existing.resources, ...parsed.resources]}
  const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error').map(formatDiagnostic)
  const invalid = [...errors(parsed.diagnostics), ...errors(validate(combined, {istioVersion: istioVersionOf(opts.istioVersion)}))]
  if (invalid.length > 0) return {problems: invalid.map((d) => `does not validate: ${d}`), flows: 0, neighbours: 0}

  const problems: string[] = []
  const mustAllow = new Set([...before.filter((f) => f.verdict === 'allow'), ...wanted].map(keyOf))
  const after = replay(combined, observed, opts)
  for (const f of after)
    if (mustAllow.has(keyOf(f)) && f.verdict !== 'allow') problems.push(`observed flow still ${f.verdict}: ${f.from} ${flowText(f.flow)} (${f.first.file}:${f.first.line})`)

  const seen = new Map<string, Set<string>>()
  for (const f of before) if (f.flow) seen.set(`${f.from} ${f.workload ?? ''}`, (seen.get(`${f.from} ${f.workload ?? ''}`) ?? new Set()).add(flowKey(f.flow)))
  const near: Observed[] = []
  for (const w of wanted) {
    for (const flow of neighbours(w.flow!, opts.paths, seen.get(`${w.from} ${w.workload ?? ''}`)!)) {
      near.push({pod: w.pods[0], flow, missing: [], count: 1, format: 'istio-text', first: w.first})
    }
  }
  const deniedBefore = new Set(
    replay(existing, near, opts)
      .filter((f) => f.verdict !== 'allow')
      .map(keyOf),
  )
  const nearAfter = replay(combined, near, opts).filter((f) => deniedBefore.has(keyOf(f)))
  for (const f of nearAfter) if (f.verdict === 'allow') problems.push(`a flow never observed would be allowed: ${f.from} ${flowText(f.flow)}`)
  return {problems, flows: mustAllow.size, neighbours: nearAfter.length}
}
