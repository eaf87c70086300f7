/**
 * Replays every public demo in ../shared/conformance through the real CLI (bin/run.js trace -o json) and
 * compares only the fields each step lists, as Envoy's router_check_tool does. No skip list: a scenario
 * that does not pass is a failing test.
 */
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parseAllDocuments, parse} from 'yaml'
import {ROOT, runCli} from './helpers/cli.js'

const DIR = join(ROOT, '..', 'shared', 'conformance')

interface Expect {
  verdict?: string
  curlExit?: number
  status?: number
  afterSeconds?: number
  upstream?: string
  via?: string[]
  tls?: string
  decidedBy?: string
}
interface TraceStep {
  trace: {from: string; request: string; upstreamDelaySeconds?: number}
  expect: Expect
}
interface Scenario {
  name: string
  mesh: string
  resources: string
  steps: Array<TraceStep | {apply: string} | {delete: string[]}>
}

type Doc = {kind: string; metadata: {name: string; namespace?: string}}
const key = (d: Doc) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`

/** Cluster state as ordered documents, with apply (create or replace) and delete by KIND/NS/NAME. */
function docsOf(text: string): Array<{key: string; text: string}> {
  return parseAllDocuments(text)
    .filter((d) => d.contents !== null)
    .map((d) => ({key: key(d.toJS() as Doc), text: d.toString()}))
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort()

for (const file of files) {
  const scenario = parse(readFileSync(join(DIR, file), 'utf8')) as Scenario
  describe(`${file}: ${scenario.name}`, () => {
    let state = docsOf(scenario.resources)
    let n = 0
    for (const step of scenario.steps) {
      if ('apply' in step) {
        for (const doc of docsOf(step.apply)) {
          const i = state.findIndex((s) => s.key === doc.key)
          if (i >= 0) state[i] = doc
          else state.push(doc)
        }
        continue
      }
      if ('delete' in step) {
        const gone = new Set(step.delete.map((k) => (k.split('/').length === 2 ? k.replace('/', '//') : k)))
        state = state.filter((s) => !gone.has(s.key))
        continue
      }
      n += 1
      const dir = join(tmpdir(), 'kubectl-egress-conformance', file.replace(/\.yaml$/, ''), String(n))
      mkdirSync(dir, {recursive: true})
      writeFileSync(join(dir, 'state.yaml'), state.map((s) => s.text).join('---\n'))
      const t = step.trace
      test.concurrent(`step ${n}: ${t.from} ${t.request}`, async () => {
        const args = ['trace', '-f', dir, '--mesh', scenario.mesh, '--from', t.from, '-o', 'json']
        if (t.upstreamDelaySeconds !== undefined) args.push('--upstream-delay', `${t.upstreamDelaySeconds}s`)
        const res = await runCli([...args, '--', t.request])
        expect(res.stderr).toBe('')
        const got = JSON.parse(res.stdout)
        const want = step.expect
        const actual: Expect = {}
        if (want.verdict !== undefined) actual.verdict = got.verdict
        if (want.curlExit !== undefined) actual.curlExit = got.outcome.curlExit
        if (want.status !== undefined) actual.status = got.outcome.status
        if (want.afterSeconds !== undefined) actual.afterSeconds = got.outcome.afterSeconds
        if (want.upstream !== undefined) actual.upstream = got.upstream
        if (want.via !== undefined) actual.via = got.via
        if (want.tls !== undefined) actual.tls = got.tls
        if (want.decidedBy !== undefined)
          actual.decidedBy = got.decidedBy ? `${got.decidedBy.kind}/${got.decidedBy.namespace}/${got.decidedBy.name}` : null
        expect(actual).toEqual(want)
        expect(res.status).toBe(got.verdict === 'allow' ? 0 : got.verdict === 'deny' ? 1 : 3)
      })
    }
  })
}
