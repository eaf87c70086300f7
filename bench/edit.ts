/**
 * Keystroke-to-updated-trace latency of `edit` with 1,000 OSM policies in the file (aim: one frame, 16 ms).
 * Median milliseconds per key press:
 *  - request_key: a character typed into the request (the document is unchanged: trace only);
 *  - request_key_frame: the same key press through ink, from stdin to the next frame written to the terminal;
 *  - field_key: a character typed into a host field, through the editor's own deriver (src/tui/derive.ts:
 *    re-parse that document, incremental validation, compile, the findings pane, trace); field_key_cpu: its
 *    CPU time (process.cpuUsage), which a busy machine inflates less than the wall time;
 *  - field_key_frame: the same key press through ink, from stdin to the next frame written to the terminal (what
 *    the user waits for); field_key_idle: to the end of that task, after the work that follows the frame (the
 *    recovery file's text, garbage collection), when the next key can be read; field_key_frame_cpu: the
 *    process's CPU time from stdin to idle;
 *  - of_which_reducer, _validate, _compile, _findings, _trace: field_key's parts, each timed again on the
 *    same objects the deriver had after that key (validation warm with the previous key's objects, as the
 *    deriver's is); of_which_rest: field_key minus them (re-parse of the edited document, entries, flags);
 *  - open: the first derive (parse, validate and compile everything) when the editor opens.
 */
import {performance} from 'node:perf_hooks'
import {parseResources} from '../src/load/parse.js'
import type {ModelSet} from '../src/model/set.js'
import {createDeriver} from '../src/tui/derive.js'
import {onKey, type Press} from '../src/tui/keys.js'
import type {RecoveryKeeper} from '../src/tui/save.js'
import {initialState, reduce, selectedRows, type EditorState} from '../src/tui/state.js'
import {accepted} from '../src/validate/index.js'
import {incrementalValidate} from '../src/validate/incremental.js'
import {compile} from '../sim/compile/index.js'
import {requestFrom} from '../sim/request/index.js'
import {trace} from '../sim/trace/index.js'
import {findingsFor} from '../src/explain/index.js'
import type {Derived} from '../src/tui/derive.js'
import {generateOsmClient, generateOsmPolicies} from './generate.js'

const FILE = 'bench.yaml'
const REQUEST = 'curl -sI https://api-1.example.org/'

export async function benchEdit(runs = 41, policies = 1_000): Promise<Record<string, number>> {
  const text = generateOsmPolicies(policies)
  // egress-1 allows https to api-1.example.org for the ServiceAccount app of its namespace (bench/generate.ts).
  const namespace = `team-${1 % Math.max(1, Math.floor(policies / 50))}`
  const opened = initialState({file: FILE, text, mesh: 'osm', from: {namespace, serviceAccount: 'app'}})
  const context = {resources: parseResources(generateOsmClient(namespace), 'client.yaml').resources}
  const deriver = createDeriver(FILE, context)
  const t0 = performance.now()
  const first = deriver.derive(opened.parts, opened.version, opened.mesh, opened.from)
  const open = performance.now() - t0

  const decided = deriver.traceOf(first, REQUEST)
  if (!('trace' in decided) || decided.trace.decidedBy?.from !== 'resource') throw new Error('the bench request must be decided by a policy, or the table is trivial')
  const editing = editHost({...opened, request: REQUEST, selected: first.entries.findIndex((e) => e.label === `Egress ${namespace}/egress-1`)})
  /** Per key: the whole path (reducer, derive, trace) in wall and CPU time, the reducer alone, and what the deriver derived. */
  const keyTimes = (start: EditorState, keys: Press[]) => {
    let s = start
    return keys.map((key) => {
      const c0 = process.cpuUsage()
      const k0 = performance.now()
      s = onKey(s, key)
      const k1 = performance.now()
      const d = deriver.derive(s.parts, s.version, s.mesh, s.from)
      const result = deriver.traceOf(d, s.request)
      const total = performance.now() - k0
      const cpu = process.cpuUsage(c0)
      if (!('trace' in result)) throw new Error(`the bench request does not trace: ${result.error}`)
      return {total, cpu: (cpu.user + cpu.system) / 1000, reducer: k1 - k0, derived: d}
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
  const field_key_cpu = median(field.map((t) => t.cpu))
  const parts = breakdown(
    first,
    field.map((t) => t.derived),
    {namespace, serviceAccount: 'app'},
  )
  const of_which_reducer = median(field.map((t) => t.reducer))
  const request_key_frame = median((await frameTimes(requestTyping, context, Array(runs).fill('x'))).map((t) => t.written))
  const fieldFrames = await frameTimes(
    editing,
    context,
    Array.from({length: runs}, (_, i) => (i % 2 ? 'g' : '\u007F')),
  )
  const field_key_frame = median(fieldFrames.map((t) => t.written))
  const field_key_idle = median(fieldFrames.map((t) => t.idle))
  const field_key_frame_cpu = median(fieldFrames.map((t) => t.cpu))
  const of_which_rest = round(field_key - of_which_reducer - parts.validate - parts.compile - parts.findings - parts.trace)
  return {
    policies,
    open: round(open),
    request_key,
    request_key_frame,
    field_key,
    field_key_cpu,
    field_key_frame,
    field_key_idle,
    field_key_frame_cpu,
    of_which_reducer,
    of_which_validate: parts.validate,
    of_which_compile: parts.compile,
    of_which_findings: parts.findings,
    of_which_trace: parts.trace,
    of_which_rest,
  }
}

/** Median milliseconds of each part of a derive, timed again on the objects the deriver had after each key. */
function breakdown(first: Derived, keyed: Derived[], from: {namespace: string; serviceAccount: string}): Record<'validate' | 'compile' | 'findings' | 'trace', number> {
  const validate = incrementalValidate()
  // For the mesh the editor was opened with, as the deriver validates.
  validate(first.set, 'osm')
  const times = keyed.map((d) => {
    // A set object of its own: what was derived from the deriver's set (sim/compile/select.ts) is not reused.
    const set = {resources: d.set.resources}
    const t0 = performance.now()
    const diagnostics = validate(set, 'osm')
    const t1 = performance.now()
    const live = accepted(set, diagnostics)
    const table = compile(live, {mesh: 'osm', ...from})
    const t2 = performance.now()
    findingsFor(live, diagnostics, table, {mesh: 'osm', from})
    const t3 = performance.now()
    const request = requestFrom(REQUEST)
    if (request.ok) trace(table, request.value)
    return {validate: t1 - t0, compile: t2 - t1, findings: t3 - t2, trace: performance.now() - t3}
  })
  const part = (k: 'validate' | 'compile' | 'findings' | 'trace') => median(times.map((t) => t[k]))
  return {validate: part('validate'), compile: part('compile'), findings: part('findings'), trace: part('trace')}
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

/**
 * Per key written to stdin, milliseconds until ink writes the next frame to stdout (`written`) and until that
 * task has ended (`idle`), and the process's CPU time until then.
 */
async function frameTimes(start: EditorState, context: ModelSet, keys: string[]): Promise<Array<{written: number; idle: number; cpu: number}>> {
  // As commands/edit.ts does: React's production build, loaded only now.
  process.env.NODE_ENV ??= 'production'
  const [{createElement}, {render}, {App}] = await Promise.all([import('react'), import('ink-testing-library'), import('../src/tui/app.js')])
  const recovery: RecoveryKeeper = {path: '', keep: () => null, clear: () => null}
  const app = render(createElement(App, {initial: start, context, io: {save: () => null, recovery}, colour: false, size: {columns: 120, rows: 40}}))
  await nextFrame(app.frames, 0)
  let writtenAt = 0
  const write = app.stdout.write
  app.stdout.write = (frame: string) => {
    writtenAt = performance.now()
    write(frame)
  }
  const times = []
  for (const key of keys) {
    const before = app.frames.length
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    app.stdin.write(key)
    await nextFrame(app.frames, before)
    const idle = performance.now() - t0
    const cpu = process.cpuUsage(c0)
    times.push({written: writtenAt - t0, idle, cpu: (cpu.user + cpu.system) / 1000})
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
