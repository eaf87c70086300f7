/**
 * Keystroke-to-updated-trace latency of `edit` with 1,000 OSM policies in the file (aim: one frame, 16 ms).
 * Median milliseconds per key press:
 *  - request_key: a character typed into the request (the document is unchanged: trace only);
 *  - request_key_frame: the same key press through ink, from stdin to the next rendered frame;
 *  - field_key: a character typed into a host field (the document changes: re-parse that document,
 *    validate, compile, trace);
 *  - field_key_reducer: the reducer's share of field_key (edit the yaml Document, re-print it);
 *  - field_key_frame: the same key press through ink, from stdin to the next rendered frame;
 *  - open: the first derive (parse, validate and compile everything) when the editor opens;
 *  - of_which_validate, of_which_compile, of_which_explain: validate(), compile() and explain() (the
 *    findings pane) alone on the same objects; every document change runs all three.
 */
import {performance} from 'node:perf_hooks'
import {parseResources} from '../src/load/parse.js'
import type {ModelSet} from '../src/model/set.js'
import {createDeriver} from '../src/tui/derive.js'
import {onKey, type Press} from '../src/tui/keys.js'
import type {RecoveryKeeper} from '../src/tui/save.js'
import {initialState, reduce, selectedRows, type EditorState} from '../src/tui/state.js'
import {accepted, validate} from '../src/validate/index.js'
import {compile} from '../sim/compile/index.js'
import {explain} from '../src/explain/index.js'
import {generateOsmPolicies} from './generate.js'

const FILE = 'bench.yaml'
const REQUEST = 'curl -sI https://api-1.example.org/'

export async function benchEdit(runs = 41, policies = 1_000): Promise<Record<string, number>> {
  const text = generateOsmPolicies(policies)
  // egress-1 allows https to api-1.example.org for the ServiceAccount app of its namespace (bench/generate.ts).
  const namespace = `team-${1 % Math.max(1, Math.floor(policies / 50))}`
  const opened = initialState({file: FILE, text, mesh: 'osm', from: {namespace, serviceAccount: 'app'}})
  const context = {resources: parseResources(clientDeployment(namespace), 'client.yaml').resources}
  const deriver = createDeriver(FILE, context)
  const t0 = performance.now()
  const first = deriver.derive(opened.parts, opened.version, opened.mesh, opened.from)
  const open = performance.now() - t0

  const decided = deriver.traceOf(first, REQUEST)
  if (!('trace' in decided) || decided.trace.decidedBy?.from !== 'resource') throw new Error('the bench request must be decided by a policy, or the table is trivial')
  const editing = editHost({...opened, request: REQUEST, selected: first.entries.findIndex((e) => e.label === `Egress ${namespace}/egress-1`)})
  /** Per key: the whole path (reducer, derive, trace) and the reducer alone. */
  const keyTimes = (start: EditorState, keys: Press[]) => {
    let s = start
    return keys.map((key) => {
      const k0 = performance.now()
      s = onKey(s, key)
      const k1 = performance.now()
      const d = deriver.derive(s.parts, s.version, s.mesh, s.from)
      const result = deriver.traceOf(d, s.request)
      if (!('trace' in result)) throw new Error(`the bench request does not trace: ${result.error}`)
      return {total: performance.now() - k0, reducer: k1 - k0}
    })
  }
  const requestTyping = {...opened, mode: 'request' as const, request: REQUEST}
  // Each key makes a request not traced before (the trace of a request is memoised per document version).
  const request_key = median(
    keyTimes(
      requestTyping,
      Array.from({length: runs}, () => ({name: 'x', text: true})),
    ).map((t) => t.total),
  )
  const field = keyTimes(editing, alternating(runs, 'g'))
  const field_key = median(field.map((t) => t.total))
  const field_key_reducer = median(field.map((t) => t.reducer))
  const request_key_frame = median(await frameTimes(requestTyping, context, Array(runs).fill('x')))
  const field_key_frame = median(
    await frameTimes(
      editing,
      context,
      Array.from({length: runs}, (_, i) => (i % 2 ? 'g' : '\u007F')),
    ),
  )
  const timed = (fn: () => unknown) =>
    median(
      Array.from({length: 7}, () => {
        const t = performance.now()
        fn()
        return performance.now() - t
      }),
    )
  const diagnostics = validate(first.set)
  const of_which_validate = timed(() => validate(first.set))
  const live = accepted(first.set, diagnostics)
  const of_which_compile = timed(() => compile(live, {mesh: 'osm', namespace, serviceAccount: 'app'}))
  const of_which_explain = timed(() => explain(live, diagnostics, {mesh: 'osm', from: {namespace, serviceAccount: 'app'}}))
  return {policies, open: round(open), request_key, request_key_frame, field_key, field_key_reducer, field_key_frame, of_which_validate, of_which_compile, of_which_explain}
}

/** The client pod, given as --with would give it: without it OSM's compiler assumes no sidecar. */
function clientDeployment(namespace: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata:
      labels: {app: app}
      annotations: {openservicemesh.io/sidecar-injection: enabled}
    spec:
      serviceAccountName: app
      containers: [{name: app, image: app}]
`
}

/** The editor with the host field of the selected policy open for editing. */
function editHost(s: EditorState): EditorState {
  const inForm = reduce(s, {type: 'activate'})
  const at = selectedRows(inForm)!.findIndex((r) => r.path.join('.') === 'spec.hosts.0')
  return reduce(reduce(inForm, {type: 'move', by: at}), {type: 'activate'})
}

/** Backspace, then the last character again: on the host field the trace flips between deny and allow on every key. */
function alternating(n: number, last: string): Press[] {
  return Array.from({length: n}, (_, i) => (i % 2 ? {name: last, text: true} : {name: 'backspace', text: false}))
}

/** Milliseconds from each key written to stdin until ink has written the next frame. */
async function frameTimes(start: EditorState, context: ModelSet, keys: string[]): Promise<number[]> {
  // As commands/edit.ts does: React's production build, loaded only now.
  process.env.NODE_ENV ??= 'production'
  const [{createElement}, {render}, {App}] = await Promise.all([import('react'), import('ink-testing-library'), import('../src/tui/app.js')])
  const recovery: RecoveryKeeper = {path: '', keep: () => null, clear: () => null}
  const app = render(createElement(App, {initial: start, context, io: {save: () => null, recovery}, colour: false, size: {columns: 120, rows: 40}}))
  await nextFrame(app.frames, 0)
  const times: number[] = []
  for (const key of keys) {
    const before = app.frames.length
    const t0 = performance.now()
    app.stdin.write(key)
    await nextFrame(app.frames, before)
    times.push(performance.now() - t0)
  }
  app.unmount()
  return times
}

async function nextFrame(frames: readonly string[], count: number): Promise<void> {
  while (frames.length <= count) await new Promise((r) => setImmediate(r))
}

function median(xs: number[]): number {
  return round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)])
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10
}
