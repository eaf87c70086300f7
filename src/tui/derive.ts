import {compile, type MeshName} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import type {MeshTable} from '../../sim/rules/types.js'
import {trace} from '../../sim/trace/index.js'
import type {Trace} from '../../sim/trace/types.js'
import {detectMesh} from '../detect-mesh.js'
import {findingsFor as explainedFindings} from '../explain/index.js'
import {parseResources, type Parsed} from '../load/parse.js'
import {type Diagnostic, forMesh} from '../model/diagnostic.js'
import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'
import type {ResourceRef} from '../model/source.js'
import {incrementalValidate} from '../validate/incremental.js'
import {accepted} from '../validate/index.js'
import type {Part} from './document.js'
import type {MeshChoice} from './state.js'
import type {Identity} from './templates.js'

/** One document of the file as the policies pane lists it. */
export interface Entry {
  /** "Egress curl/httpbin-80"; "(YAML error)" or "(no object)" otherwise. */
  label: string
  ref: ResourceRef | null
  /** 1-based lines of the file the document spans. */
  firstLine: number
  lastLine: number
  /** What stopped the document loading (YAML syntax, no kind or name): it has no object to find by. */
  problems: Diagnostic[]
}

export interface Derived {
  file: string
  entries: Entry[]
  /** Entries whose object has an error (or else a warning), by index. */
  flagged: Map<number, 'error' | 'warning'>
  /** The file's objects plus the read-only context (--with). */
  set: ModelSet
  /**
   * What the findings pane shows: explain's findings (the validation diagnostics with their fixes, plus what
   * only the compiled table shows) once mesh and client are known; the validation diagnostics until then.
   */
  findings: Diagnostic[]
  mesh: {mesh: MeshName; why: string} | null
  table: MeshTable | null
  /** Why there is no table: no mesh, no client identity, or the compiler failed. */
  problem: string | null
}

/** One document as parsed and listed when it starts after line `offset`. */
interface Listed {
  offset: number
  lines: number
  parsed: Parsed
  entry: Entry
}

export type TraceResult = {trace: Trace} | {error: string}

export interface Deriver {
  derive(parts: readonly Part[], version: number, mesh: MeshChoice, from: Identity | null): Derived
  /** The trace of a request as typed, memoised per derived value. */
  traceOf(derived: Derived, request: string): TraceResult
}

/**
 * Values the screen shows, computed from the document. Each document is parsed and listed once, and both are
 * re-used while its text and starting line stay the same, so an edit costs one document's parse plus validate
 * and compile.
 */
export function createDeriver(file: string, context: ModelSet): Deriver {
  const parsedParts = new WeakMap<Part, Listed>()
  const traces = new WeakMap<Derived, Map<string, TraceResult>>()
  let last: {key: string; derived: Derived} | null = null
  const validate = incrementalValidate()

  /** The document parsed and listed as it starts at `offset`; an unchanged document keeps both. */
  function parsedAt(part: Part, offset: number): Listed {
    const hit = parsedParts.get(part)
    if (hit?.offset === offset) return hit
    const parsed = parseResources(part.text, file, {line: offset, column: 0})
    const lines = hit?.lines ?? countLines(part.text)
    const made = {offset, lines, parsed, entry: entryOf(part, parsed, offset + 1, offset + Math.max(lines, 1))}
    parsedParts.set(part, made)
    return made
  }

  return {
    derive(parts, version, mesh, from) {
      const key = `${version} ${mesh} ${from ? `${from.namespace}/${from.serviceAccount}` : ''}`
      if (last?.key === key) return last.derived
      const resources: Resource[] = []
      const entries: Entry[] = []
      let offset = 0
      for (const part of parts) {
        const {parsed, entry, lines} = parsedAt(part, offset)
        for (const r of parsed.resources) resources.push(r)
        entries.push(entry)
        offset += lines
      }
      const set: ModelSet = {resources: [...context.resources, ...resources]}
      // A chosen mesh's findings only (forMesh); whatever the mesh, accepted() reads only errors, which concern every mesh.
      const diagnostics = validate(set, mesh === 'auto' ? undefined : mesh)
      // The objects the API server would reject do not exist for the mesh: trace what would be accepted.
      const live = accepted(set, diagnostics)
      const compiled = tableFor(set, live, mesh, from)
      const findings =
        compiled.mesh && compiled.table && from
          ? findingsOf(live, diagnostics, compiled.table, compiled.mesh.mesh, from)
          : compiled.mesh
            ? forMesh(diagnostics, compiled.mesh.mesh)
            : diagnostics
      const derived: Derived = {file, entries, flagged: flaggedEntries(entries, findings), set, findings, ...compiled}
      last = {key, derived}
      return derived
    },

    traceOf(derived, request) {
      let memo = traces.get(derived)
      if (!memo) traces.set(derived, (memo = new Map()))
      const hit = memo.get(request)
      if (hit) return hit
      const result = traceRequest(derived, request)
      memo.set(request, result)
      return result
    },
  }
}

function tableFor(set: ModelSet, live: ModelSet, choice: MeshChoice, from: Identity | null): Pick<Derived, 'mesh' | 'table' | 'problem'> {
  const detected = choice === 'auto' ? detectMesh(set) : {mesh: choice, why: 'chosen with m'}
  if ('error' in detected) return {mesh: null, table: null, problem: `${detected.error} (press m to choose)`}
  if (!from) return {mesh: detected, table: null, problem: 'no client: press i and type NAMESPACE/SERVICEACCOUNT'}
  try {
    return {mesh: detected, table: compile(live, {mesh: detected.mesh, ...from}), problem: null}
  } catch (e) {
    return {mesh: detected, table: null, problem: `internal error while compiling: ${(e as Error).message}`}
  }
}

/** explain's findings for the client; the diagnostics alone (and why) if explain fails on a half-typed edit. */
function findingsOf(live: ModelSet, diagnostics: Diagnostic[], table: MeshTable, mesh: MeshName, from: Identity): Diagnostic[] {
  try {
    return explainedFindings(live, diagnostics, table, {mesh, from})
  } catch (e) {
    const source = {file: '', line: 0, column: 0, path: ''}
    return [...diagnostics, {code: 'EXPLAIN_FAILED', severity: 'warning', field: '', message: `internal error in explain: ${(e as Error).message}`, source}]
  }
}

function traceRequest(derived: Derived, request: string): TraceResult {
  if (!derived.table) return {error: derived.problem ?? 'nothing to trace'}
  const parsed = requestFrom(request)
  if (!parsed.ok) return {error: parsed.error.message}
  try {
    return {trace: trace(derived.table, parsed.value)}
  } catch (e) {
    return {error: `internal error while tracing: ${(e as Error).message}`}
  }
}

/** The findings for one document: about its object, placed inside its lines, or about no place at all. */
export function findingsFor(derived: Derived, index: number): Diagnostic[] {
  const entry = derived.entries[index]
  if (!entry) return []
  const ref = entry.ref
  return [
    ...entry.problems,
    ...derived.findings.filter((d) =>
      d.object
        ? ref !== null && refKey(d.object) === refKey(ref)
        : d.source.file === '' || (d.source.file === derived.file && d.source.line >= entry.firstLine && d.source.line <= entry.lastLine),
    ),
  ]
}

/** The client a file is most likely written for: the first ServiceAccount an OSM Egress names as a source. */
export function clientOf(set: ModelSet): Identity | null {
  for (const r of set.resources) {
    if (r.kind !== 'Egress') continue
    const sources = (r.spec as {sources?: unknown} | null)?.sources
    if (!Array.isArray(sources)) continue
    const sa = sources.find((s) => s?.kind === 'ServiceAccount' && typeof s.name === 'string' && typeof s.namespace === 'string')
    if (sa) return {namespace: sa.namespace, serviceAccount: sa.name}
  }
  return null
}

function flaggedEntries(entries: Entry[], diagnostics: Diagnostic[]): Map<number, 'error' | 'warning'> {
  const worst = new Map<string, 'error' | 'warning'>()
  for (const d of diagnostics) if (d.object && worst.get(refKey(d.object)) !== 'error') worst.set(refKey(d.object), d.severity)
  const out = new Map<number, 'error' | 'warning'>()
  entries.forEach((e, i) => {
    const w = e.problems.length > 0 ? 'error' : e.ref ? worst.get(refKey(e.ref)) : undefined
    if (w) out.set(i, w)
  })
  return out
}

const refKeys = new WeakMap<ResourceRef, string>()

/** Remembered per reference: every keystroke flags the entries of all documents, most of them unchanged. */
function refKey(r: ResourceRef): string {
  let key = refKeys.get(r)
  if (key === undefined) refKeys.set(r, (key = `${r.kind}/${r.namespace}/${r.name}`))
  return key
}

function entryOf(part: Part, parsed: Parsed, firstLine: number, lastLine: number): Entry {
  const r = parsed.resources[0]
  const label = r ? `${r.kind} ${r.metadata.namespace ? r.metadata.namespace + '/' : ''}${r.metadata.name}` : part.doc.errors.length > 0 ? '(YAML error)' : '(no object)'
  return {label, ref: r?.ref ?? null, firstLine, lastLine, problems: parsed.diagnostics}
}

function countLines(text: string): number {
  let n = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++
  return n
}
