import {isMap, LineCounter, parseDocument} from 'yaml'
import {requestFrom} from '../../sim/request/index.js'
import {MATCHED_FIELDS} from '../../sim/trace/matched.js'
import type {MeshName} from '../../sim/compile/index.js'
import {ISTIO_VERSIONS, isIstioVersion, type IstioVersion} from '../../sim/compile/istio/version.js'
import {parseIdentity} from '../cli/flags.js'
import type {Diagnostic} from '../model/diagnostic.js'
import {parseInlineResources} from './inline-resources.js'
import {EXPECTATION_FIELDS, type Expectation, type Scenario, type Step} from './types.js'

export interface ParsedScenario {
  /** Null when the file has any error. */
  scenario: Scenario | null
  /** `files:` entries as written (relative to the scenario), for the caller to load. */
  files: Array<{path: string; line: number}>
  diagnostics: Diagnostic[]
}

type Path = Array<string | number>
const MESHES: readonly MeshName[] = ['osm', 'osm-edge', 'istio']
const TOP_KEYS = ['name', 'mesh', 'istioVersion', 'origin', 'resources', 'files', 'steps']
const TRACE_KEYS = ['name', 'from', 'request', 'upstreamDelaySeconds']

/** Reads a scenario file's shape, reporting every problem with its line (SCENARIO_SHAPE, SCENARIO_REQUEST). */
export function parseScenario(text: string, file: string): ParsedScenario {
  const lc = new LineCounter()
  const doc = parseDocument(text, {lineCounter: lc, uniqueKeys: true, prettyErrors: false})
  const diagnostics: Diagnostic[] = []
  const where = (path: Path) => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = (p.length > 0 ? doc.getIn(p, true) : doc.contents) as {range?: [number, number]} | null
      if (node?.range) return lc.linePos(node.range[0])
      if (p.length === 0) return {line: 1, col: 1}
    }
  }
  const problem = (path: Path, message: string, code = 'SCENARIO_SHAPE') => {
    const {line, col} = where(path)
    diagnostics.push({code, severity: 'error', field: path.join('.'), message, source: {file, line, column: col, path: '/' + path.join('/')}})
  }
  const none: ParsedScenario = {scenario: null, files: [], diagnostics}
  if (doc.errors.length > 0) {
    const {line, col} = lc.linePos(doc.errors[0].pos[0])
    diagnostics.push({code: 'YAML_SYNTAX', severity: 'error', field: '', message: doc.errors[0].message.split('\n')[0], source: {file, line, column: col, path: ''}})
    return none
  }
  if (!isMap(doc.contents)) {
    problem([], 'a scenario must be a map with name, mesh and steps')
    return none
  }
  const top = doc.toJS() as Record<string, unknown>
  unknownKeys(top, TOP_KEYS, [], problem)
  if (typeof top.name !== 'string' || top.name === '') problem(['name'], 'name must be a non-empty string')
  if (!MESHES.includes(top.mesh as MeshName)) problem(['mesh'], `mesh must be one of ${MESHES.join(', ')}`)
  const istioVersion = top.istioVersion
  if (istioVersion !== undefined && (top.mesh !== 'istio' || typeof istioVersion !== 'string' || !isIstioVersion(istioVersion)))
    problem(['istioVersion'], `istioVersion must be one of ${ISTIO_VERSIONS.join(', ')} (quoted), for mesh istio`)
  if (top.resources !== undefined && typeof top.resources !== 'string') problem(['resources'], 'resources must be multi-document YAML text (resources: |)')
  const files = Array.isArray(top.files) && top.files.every((f) => typeof f === 'string') ? (top.files as string[]) : []
  if (top.files !== undefined && files.length !== (top.files as unknown[]).length) problem(['files'], 'files must be a list of paths relative to the scenario')
  if (!Array.isArray(top.steps) || top.steps.length === 0) problem(['steps'], 'steps must be a non-empty list')

  const inline = (path: Path) => {
    const parsed = parseInlineResources(doc.getIn(path, true), text, lc, file)
    diagnostics.push(...parsed.diagnostics)
    return parsed.resources
  }
  const resources = inline(['resources'])
  const steps: Step[] = []
  let traces = 0
  for (const [i, raw] of (Array.isArray(top.steps) ? top.steps : []).entries()) {
    const step = readStep(raw, ['steps', i])
    if (step) steps.push(step)
  }
  if (diagnostics.length > 0) return none
  return {
    scenario: {file, name: top.name as string, mesh: top.mesh as MeshName, ...(istioVersion !== undefined ? {istioVersion: istioVersion as IstioVersion} : {}), resources, steps},
    files: files.map((path, i) => ({path, line: where(['files', i]).line})),
    diagnostics,
  }

  function readStep(raw: unknown, path: Path): Step | null {
    const line = where(path).line
    if (!isRecord(raw)) return (problem(path, 'a step must be a map with one of trace, apply, delete'), null)
    const kinds = ['trace', 'apply', 'delete'].filter((k) => k in raw)
    if (kinds.length !== 1) return (problem(path, 'a step has exactly one of trace, apply, delete'), null)
    if (kinds[0] === 'apply') {
      unknownKeys(raw, ['apply'], path, problem)
      if (typeof raw.apply !== 'string') return (problem([...path, 'apply'], 'apply must be multi-document YAML text (apply: |)'), null)
      return {kind: 'apply', resources: inline([...path, 'apply']), line}
    }
    if (kinds[0] === 'delete') {
      unknownKeys(raw, ['delete'], path, problem)
      const refs = Array.isArray(raw.delete) ? raw.delete : []
      if (refs.length === 0) return (problem([...path, 'delete'], 'delete must be a non-empty list of KIND/NAMESPACE/NAME'), null)
      refs.forEach((r, j) => {
        if (typeof r !== 'string' || !/^[A-Za-z]+\/([^/]+\/)?[^/]+$/.test(r)) problem([...path, 'delete', j], `"${String(r)}" is not KIND/NAMESPACE/NAME (or KIND/NAME)`)
      })
      return {kind: 'delete', refs: refs.map((r, j) => ({ref: String(r), line: where([...path, 'delete', j]).line})), line}
    }
    unknownKeys(raw, ['trace', 'expect'], path, problem)
    const t = raw.trace
    if (!isRecord(t)) return (problem([...path, 'trace'], 'trace must be a map with from and request'), null)
    unknownKeys(t, TRACE_KEYS, [...path, 'trace'], problem)
    if (typeof t.from !== 'string' || !parseIdentity(t.from)) problem([...path, 'trace', 'from'], 'from must be NAMESPACE/SERVICEACCOUNT')
    const delay = t.upstreamDelaySeconds
    if (delay !== undefined && (typeof delay !== 'number' || delay < 0)) problem([...path, 'trace', 'upstreamDelaySeconds'], 'upstreamDelaySeconds must be a number ≥ 0')
    if (typeof t.request !== 'string') return (problem([...path, 'trace', 'request'], 'request must be the command as typed in the pod'), null)
    const request = requestFrom(t.request)
    if (!request.ok) return (problem([...path, 'trace', 'request'], request.error.message, 'SCENARIO_REQUEST'), null)
    const expect = readExpect(raw.expect, [...path, 'expect'])
    if (!expect || typeof t.from !== 'string') return null
    traces += 1
    const name = typeof t.name === 'string' ? t.name : `${t.from} ${t.request}`
    return {kind: 'trace', index: traces, name, from: t.from, request: request.value, upstreamDelaySeconds: delay as number | undefined, expect, line}
  }

  function readExpect(raw: unknown, path: Path): Expectation | null {
    if (!isRecord(raw) || Object.keys(raw).length === 0) return (problem(path, `expect must list at least one of ${EXPECTATION_FIELDS.join(', ')}`), null)
    unknownKeys(raw, EXPECTATION_FIELDS, path, problem)
    const check = (key: string, ok: (v: unknown) => boolean, wants: string) => {
      if (key in raw && !ok(raw[key])) problem([...path, key], `${key} must be ${wants}`)
    }
    const int = (v: unknown) => Number.isInteger(v)
    check('verdict', (v) => ['allow', 'deny', 'unsupported'].includes(v as string), 'allow, deny or unsupported')
    check('curlExit', int, 'an integer')
    check('status', int, 'an integer')
    check('afterSeconds', (v) => typeof v === 'number', 'a number')
    check('upstream', (v) => v === null || (typeof v === 'string' && /:\d+$/.test(v)), 'HOST:PORT or null')
    check('via', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), 'a list of NAMESPACE/NAME')
    check('tls', (v) => ['originated', 'passthrough', 'none'].includes(v as string), 'originated, passthrough or none')
    check('decidedBy', (v) => v === null || (typeof v === 'string' && v.split('/').length === 3), 'KIND/NAMESPACE/NAME or null')
    for (const field of MATCHED_FIELDS) check(field, (v) => v === null || (typeof v === 'string' && v !== ''), 'a name or null')
    return raw as Expectation
  }
}

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], path: Path, problem: (p: Path, m: string) => void): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) problem([...path, k], `unknown field "${k}" (expected ${allowed.join(', ')})`)
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
