import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import type {Resource} from '../../src/model/resource.js'
import {readScenario} from '../../src/scenario/read-scenario.js'
import {traceStates} from '../../src/scenario/run-scenario.js'
import type {Expectation, Scenario, TraceStep} from '../../src/scenario/types.js'
import {runCli, type CliResult} from './cli.js'

/** Trace processes at a time: enough to overlap their start-up, few enough for a 2-core machine. */
const PARALLEL = 6

/** Exit status of `trace` per verdict: README "Exit status of trace" (0 allowed, 1 denied), 3 not modelled (README.md). */
const EXIT_OF: Record<string, number> = {allow: 0, deny: 1, unsupported: 3}

interface Case {
  scenario: Scenario
  step: TraceStep
  problems: string[]
  /** The state file and the lines each object occupies in it, by KIND/NAMESPACE/NAME. */
  file: string
  lines: Map<string, [first: number, last: number]>
  args: string[]
}

/**
 * Checks the documented `kubectl egress trace -o json` contract (shared/conformance/README.md, "The trace JSON
 * contract") for every trace step of every scenario in `dir`: the cluster state at that step (scenario parsing
 * and apply/delete from src/scenario) is written to a file, the real CLI traces the step's request against it,
 * and the contract fields and the exit status are compared with the step's expectations.
 */
export async function describeTraceContract(dir: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'egress-contract-'))
  afterAll(() => rmSync(work, {recursive: true, force: true}))
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
  const read = await Promise.all(files.map((f) => readScenario(join(dir, f))))
  const cases: Case[] = []
  read.forEach(({scenario}, i) => {
    if (!scenario) return
    for (const {step, state, problems} of traceStates(scenario)) {
      const stepDir = join(work, `${files[i]}-${step.index}`)
      mkdirSync(stepDir)
      const {file, lines} = writeState(stepDir, state)
      cases.push({scenario, step, problems, file, lines, args: traceArgs(scenario, step, file)})
    }
  })
  const runs = await inBatches(
    cases.map((c) => () => runCli(c.args)),
    PARALLEL,
  )

  files.forEach((file, i) => {
    describe(`${file}: trace -o json contract`, () => {
      test('the scenario reads', () => expect(read[i].diagnostics).toEqual([]))
      cases.forEach((c, k) => {
        if (c.scenario !== read[i].scenario) return
        test(`step ${c.step.index}: ${c.step.name}`, () => checkContract(c, runs[k]))
      })
    })
  })
}

function checkContract(c: Case, run: CliResult): void {
  expect(c.problems).toEqual([])
  expect(run.stderr).toBe('')
  const json = JSON.parse(run.stdout) as Record<string, unknown>
  expect(['allow', 'deny', 'unsupported']).toContain(json.verdict)
  expect(run.status).toBe(EXIT_OF[json.verdict as string])
  const observed = contractFields(json)
  const listed = Object.fromEntries(Object.keys(c.step.expect).map((k) => [k, observed[k as keyof Expectation] ?? null]))
  expect(listed).toEqual(c.step.expect)
  const decided = json.decidedBy as {kind: string; namespace: string; name: string; file: string; line: number} | null
  if (decided) {
    // file and line point at the object in the file it was read from.
    expect(decided.file).toBe(c.file)
    const [first, last] = c.lines.get(`${decided.kind}/${decided.namespace}/${decided.name}`) ?? [0, 0]
    expect(decided.line).toBeGreaterThanOrEqual(first)
    expect(decided.line).toBeLessThanOrEqual(last)
  }
}

/** The step expectation's fields as read from the contract's JSON (README table; names below `outcome.`). */
function contractFields(json: Record<string, unknown>): Expectation {
  const outcome = (json.outcome ?? {}) as Record<string, number | undefined>
  const decided = json.decidedBy as {kind: string; namespace: string; name: string} | null
  // Beyond the README table: the names the client's own proxy chose, under hops[].matched.
  const hops = (json.hops ?? []) as Array<{proxy: string | null; workload: string; matched?: Record<string, string | null>}>
  const own = hops.find((h) => h.proxy !== null && h.workload === json.client)
  return {
    ...own?.matched,
    verdict: json.verdict as Expectation['verdict'],
    curlExit: outcome.curlExit,
    status: outcome.status,
    afterSeconds: outcome.afterSeconds,
    upstream: json.upstream as string | null,
    via: json.via as string[],
    tls: json.tls as Expectation['tls'],
    decidedBy: decided ? `${decided.kind}/${decided.namespace}/${decided.name}` : null,
  }
}

/**
 * Writes the objects as one YAML stream of JSON documents (JSON strings are quoted, so no YAML 1.1 scalar
 * can change meaning) and records each object's first and last line.
 */
function writeState(dir: string, state: readonly Resource[]): {file: string; lines: Map<string, [number, number]>} {
  const file = join(dir, 'state.yaml')
  const lines = new Map<string, [number, number]>()
  const out: string[] = []
  for (const r of state) {
    const doc = JSON.stringify(r.raw, null, 2).split('\n')
    out.push('---')
    lines.set(`${r.kind}/${r.metadata.namespace}/${r.metadata.name}`, [out.length + 1, out.length + doc.length])
    out.push(...doc)
  }
  writeFileSync(file, out.join('\n') + '\n')
  return {file, lines}
}

/** The command line of README's contract: trace -f FILE --from NS/SA -o json [--upstream-delay Ns] -- REQUEST. */
function traceArgs(scenario: Scenario, step: TraceStep, file: string): string[] {
  return [
    'trace',
    '-f',
    file,
    '--from',
    step.from,
    '--mesh',
    scenario.mesh,
    ...(scenario.istioVersion ? ['--istio-version', scenario.istioVersion] : []),
    ...(step.upstreamDelaySeconds !== undefined ? ['--upstream-delay', `${step.upstreamDelaySeconds}s`] : []),
    '-o',
    'json',
    '--',
    step.request.typed,
  ]
}

async function inBatches<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) out[i] = await jobs[i]()
  }
  await Promise.all(Array.from({length: Math.min(width, jobs.length)}, worker))
  return out
}
