/**
 * `npm run fuzz` (not in CI): generated inputs — mutated policy sets from examples/ and ../shared/conformance,
 * random regexes in route matches, random requests — through load → validate → compile → trace in-process.
 * Fails on any thrown error and on any contract violation (scripts/fuzz/check.ts).
 *
 *   FUZZ_SEED     the run's seed (printed; default: random)
 *   FUZZ_COUNT    cases to run (default 1,000,000)
 *   FUZZ_SECONDS  stop earlier after this many seconds
 *   FUZZ_CASE     run only this case number of FUZZ_SEED, print its input and the full error
 */
import {writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {performance} from 'node:perf_hooks'
import {provideRe2Engine} from '../../src/regex/provide-re2.js'
import {checkCase, Violation} from './check.js'
import {generateCase, type FuzzCase} from './generate.js'
import {caseSeed, Random} from './random.js'
import {readSeeds} from './seeds.js'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

interface Failure {
  kind: 'crash' | 'violation'
  message: string
  stack: string
  count: number
  firstCase: number
  input: FuzzCase
}

function envInt(name: string, fallback: number): number {
  const v = process.env[name]
  if (v === undefined || v === '') return fallback
  const n = Number(v.replace(/_/g, ''))
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}=${v} is not a whole number`)
  return n
}

/** Same bug, same signature: the message without its varying values, and where it was thrown. */
function signature(kind: string, e: Error): string {
  const frame = (e.stack ?? '').split('\n').find((l) => l.trim().startsWith('at ')) ?? ''
  return `${kind}|${e.message
    .split('\n')[0]
    .replace(/"[^"]*"|'[^']*'|\d+/g, '_')
    .slice(0, 120)}|${kind === 'crash' ? frame.trim() : ''}`
}

function main(): void {
  provideRe2Engine()
  const seed = envInt('FUZZ_SEED', Math.floor(Math.random() * 2 ** 31))
  const only = process.env.FUZZ_CASE === undefined ? undefined : envInt('FUZZ_CASE', 0)
  const count = only === undefined ? envInt('FUZZ_COUNT', 1_000_000) : 1
  const seconds = envInt('FUZZ_SECONDS', 0)
  const seeds = readSeeds(ROOT)
  console.log(`fuzz: seed ${seed} (FUZZ_SEED=${seed} reproduces), ${count.toLocaleString('en')} cases, ${seeds.length} seed sets${seconds ? `, at most ${seconds} s` : ''}`)

  const failures = new Map<string, Failure>()
  const verdicts = new Map<string, number>()
  let slowest = {ms: 0, index: -1}
  const started = performance.now()
  let ran = 0
  for (let i = only ?? 0; ran < count; i++, ran++) {
    const input = generateCase(new Random(caseSeed(seed, i)), seeds)
    const t0 = performance.now()
    try {
      const {verdict} = checkCase(input)
      verdicts.set(verdict ?? 'bad request', (verdicts.get(verdict ?? 'bad request') ?? 0) + 1)
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err))
      const kind = e instanceof Violation ? 'violation' : 'crash'
      const key = signature(kind, e)
      const known = failures.get(key)
      if (known) known.count++
      else failures.set(key, {kind, message: e.message.split('\n')[0], stack: e.stack ?? '', count: 1, firstCase: i, input})
    }
    const ms = performance.now() - t0
    if (ms > slowest.ms) slowest = {ms, index: i}
    if (only !== undefined) console.log(`input (mesh ${input.mesh}, from ${input.from}, seed set ${input.seed}):\n${input.text}\nrequest: ${input.request}`)
    const elapsed = (performance.now() - started) / 1000
    if ((ran + 1) % 1000 === 0) process.stderr.write(`  ${(ran + 1).toLocaleString('en')} cases, ${Math.round((ran + 1) / elapsed)}/s, ${failures.size} distinct failures\n`)
    if (seconds && elapsed > seconds) {
      ran++
      break
    }
  }
  const s = (performance.now() - started) / 1000
  console.log(`fuzz: ${ran.toLocaleString('en')} cases in ${s.toFixed(1)} s (${Math.round(ran / s)}/s); verdicts ${[...verdicts].map(([v, n]) => `${v} ${n}`).join(', ')}`)
  console.log(`fuzz: slowest case ${slowest.index} took ${slowest.ms.toFixed(1)} ms`)
  for (const f of failures.values()) {
    console.log(`\n${f.kind} ×${f.count}: ${f.message}\n  first: FUZZ_SEED=${seed} FUZZ_CASE=${f.firstCase} npm run fuzz`)
    if (f.kind === 'crash')
      console.log(
        f.stack
          .split('\n')
          .slice(1, only === undefined ? 4 : undefined)
          .join('\n'),
      )
  }
  if (failures.size > 0 && only === undefined) {
    const file = `fuzz-failures-${seed}.json`
    writeFileSync(file, JSON.stringify([...failures.values()], null, 2))
    console.log(`\nfuzz: ${failures.size} distinct failures; inputs in ${file}`)
  }
  process.exitCode = failures.size > 0 ? 1 : 0
}

main()
