/**
 * `npm run bench`: speed as ratios taken in one run on one machine (numbers, not assertions).
 *  1. cold start of `trace` on an example vs a bare `node -e 0`;
 *  2. load+validate+compile+trace on generated OSM policy sets vs merely parsing the same text with yaml;
 *  3. replay reading 1,000,000 access-log lines vs merely splitting them and parsing the JSON ones.
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {performance} from 'node:perf_hooks'
import {parseAllDocuments} from 'yaml'
import {loadFiles} from '../src/load/files.js'
import {provideRe2Engine} from '../src/regex/provide-re2.js'
import {accepted, validate} from '../src/validate/index.js'
import {compile, type MeshName} from '../sim/compile/index.js'
import {requestFrom} from '../sim/request/index.js'
import {trace} from '../sim/trace/index.js'
import {benchDiff} from './diff.js'
import {benchEdit} from './edit.js'
import {benchReplay} from './replay.js'
import {generateIstioServiceEntries, generateOsmPolicies} from './generate.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function timeProcess(args: string[], runs: number): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    try {
      execFileSync(process.execPath, args, {cwd: ROOT, stdio: 'ignore'})
    } catch {
      // trace exits 1 for a denied request; only the time matters here
    }
    times.push(performance.now() - t0)
  }
  return median(times)
}

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn()
    times.push(performance.now() - t0)
  }
  return median(times)
}

interface Case {
  mesh: MeshName
  namespace: string
  serviceAccount: string
  request: string
}

async function pipeline(file: string, c: Case): Promise<{load: number; validate: number; compile: number; trace: number; verdict: string}> {
  const t0 = performance.now()
  const {set} = await loadFiles([file])
  const t1 = performance.now()
  const diagnostics = validate(set)
  const ok = accepted(set, diagnostics)
  const t2 = performance.now()
  const table = compile(ok, {mesh: c.mesh, namespace: c.namespace, serviceAccount: c.serviceAccount})
  const t3 = performance.now()
  const req = requestFrom(c.request)
  if (!req.ok) throw new Error(req.error.message)
  const result = trace(table, req.value)
  const t4 = performance.now()
  return {load: t1 - t0, validate: t2 - t1, compile: t3 - t2, trace: t4 - t3, verdict: result.outcome.verdict}
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 7)
  const node = timeProcess(['-e', '0'], runs)
  const cli = timeProcess(['bin/run.js', 'trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', '-sI', 'https://httpbin.org/get'], runs)
  console.log(`cold start: trace ${cli.toFixed(0)} ms, node -e 0 ${node.toFixed(0)} ms, ratio ${(cli / node).toFixed(2)} (aim ≤ 2)`)

  const dir = mkdtempSync(join(tmpdir(), 'egress-bench-'))
  const sets: Array<{label: string; sizes: number[]; generate: (n: number) => string; c: Case}> = [
    {label: 'OSM Egress policies', sizes: [1_000, 10_000, 100_000], generate: generateOsmPolicies, c: {mesh: 'osm', namespace: 'team-1', serviceAccount: 'app', request: 'curl -sI https://api-1.example.org/'}},
    {label: 'Istio ServiceEntries (+VirtualServices)', sizes: [1_000, 10_000], generate: generateIstioServiceEntries, c: {mesh: 'istio', namespace: 'default', serviceAccount: 'sleep', request: 'curl http://svc-3.example.com/api/v3/x'}},
  ]
  for (const {label, sizes, generate, c} of sets) {
    for (const n of sizes) {
      const file = join(dir, `${c.mesh}-${n}.yaml`)
      const text = generate(n)
      writeFileSync(file, text)
      const r = n >= 100_000 ? 1 : 3
      const parse = await timeAsync(async () => parseAllDocuments(text), r)
      const parts: Array<Awaited<ReturnType<typeof pipeline>>> = []
      const total = await timeAsync(async () => parts.push(await pipeline(file, c)), r)
      const p = parts[parts.length - 1]
      console.log(
        `${n} ${label} (${(text.length / 1e6).toFixed(1)} MB): yaml parse ${parse.toFixed(0)} ms; ours ${total.toFixed(0)} ms, ratio ${(total / parse).toFixed(2)} (aim ≤ 1.5) — ` +
          `load ${p.load.toFixed(0)}, validate ${p.validate.toFixed(0)}, compile ${p.compile.toFixed(0)}, trace ${p.trace.toFixed(1)} ms; verdict ${p.verdict}`,
      )
    }
  }
  const diff = await benchDiff()
  console.log(`diff of two 10,000-policy OSM sets: ${Object.entries(diff).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`)
  const edit = await benchEdit()
  console.log(`edit at 1,000 policies (ms): ${Object.entries(edit).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`)
  const r = await benchReplay()
  console.log(`replay reading ${r.lines} access-log lines (${r.mb.toFixed(0)} MB, ${r.flows} distinct flows): split+JSON.parse ${r.floorMs.toFixed(0)} ms; ours ${r.oursMs.toFixed(0)} ms, ratio ${(r.oursMs / r.floorMs).toFixed(2)} (aim ≤ 2)`)
}

provideRe2Engine()
await main()
