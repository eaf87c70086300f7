import {readFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import type {Trace} from '../../sim/trace/types.js'
import {loadFiles} from '../../src/load/files.js'
import {parseResources} from '../../src/load/parse.js'
import {createDeriver, findingsFor, type Derived, type TraceResult} from '../../src/tui/derive.js'
import {joinParts} from '../../src/tui/document.js'
import {initialState, reduce, selectedRows, type Action, type EditorState} from '../../src/tui/state.js'

const FILE = 'egress.yaml'
const TEXT = readFileSync('examples/osm/egress-httpbin.yaml', 'utf8')
const {set: MESH} = await loadFiles(['examples/osm/00-mesh.yaml'])
const from = {namespace: 'curl', serviceAccount: 'curl'}

function setup(text = TEXT) {
  const deriver = createDeriver(FILE, MESH)
  const derive = (s: EditorState) => deriver.derive(s.parts, s.version, s.mesh, s.from)
  const verdict = (s: EditorState, request: string) => {
    const r: TraceResult = deriver.traceOf(derive(s), request)
    return 'trace' in r ? r.trace.outcome.verdict : r.error
  }
  return {state: initialState({file: FILE, text, mesh: null, from}), derive, verdict, deriver}
}

const run = (s: EditorState, ...actions: Action[]) => actions.reduce(reduce, s)
function editField(s: EditorState, path: string, value: string): EditorState {
  const inForm = run(s, {type: 'activate'})
  const at = selectedRows(inForm)!.findIndex((r) => r.path.join('.') === path)
  return run(inForm, {type: 'move', by: at}, {type: 'activate'}, {type: 'clear'}, {type: 'type', text: value}, {type: 'commit'})
}

/** The 1-based line of the n-th occurrence of `needle` in `text`. */
const lineOf = (text: string, needle: string, n = 1) =>
  text.split('\n').findIndex((l, i, all) => l.includes(needle) && all.slice(0, i + 1).filter((x) => x.includes(needle)).length === n) + 1

describe('derived values', () => {
  test('the trace follows an edit: a new host flips the verdict from deny to allow', () => {
    const {state, verdict} = setup()
    expect(verdict(state, 'curl https://api.github.com/')).toBe('deny')
    const edited = editField(state, 'spec.hosts.0', 'api.github.com')
    expect(verdict(edited, 'curl https://api.github.com/')).toBe('allow')
    expect(verdict(edited, 'curl https://httpbin.org/get')).toBe('deny')
  })

  test('memoised by document version: the same version gives the same object, a new one recomputes', () => {
    const {state, derive} = setup()
    expect(derive(state)).toBe(derive({...state}))
    expect(derive(run(state, {type: 'remove'}))).not.toBe(derive(state))
  })

  test('file:line stays true when an edit above moves later documents down', () => {
    const {state, derive, deriver} = setup()
    const inForm = run(state, {type: 'activate'})
    const hosts = selectedRows(inForm)!.findIndex((r) => r.path.join('.') === 'spec.hosts')
    const grown = run(inForm, {type: 'move', by: hosts}, {type: 'activate'}, {type: 'type', text: 'example.org'}, {type: 'commit'})
    const text = joinParts(grown.parts)
    const d: Derived = derive(grown)
    expect(d.entries[2].firstLine).toBe(lineOf(text, '---', 2))
    // The same place a fresh load of the whole text gives.
    const decided = (deriver.traceOf(d, 'curl http://httpbin.org/get') as {trace: Trace}).trace.decidedBy
    if (decided?.from !== 'resource') throw new Error('expected a resource to decide')
    const whole = parseResources(text, FILE).resources.find((r) => r.metadata.name === decided.ref.name)!
    expect(decided.source.line).toBe(whole.positions.get(decided.source.path)![0])
    expect(decided.source.line).toBeGreaterThan(lineOf(text, '---', 2))
  })

  test('findings belong to the selected object', () => {
    const {state, derive} = setup()
    const broken = editField(state, 'spec.ports.0.number', '70000')
    const d = derive(broken)
    const own = findingsFor(d, 0)
    expect(own.map((f) => f.severity)).toContain('error')
    expect(own.every((f) => f.object?.name === 'httpbin-443')).toBe(true)
    expect(findingsFor(d, 2)).toEqual([])
    expect(d.flagged.get(0)).toBe('error')
  })

  test('an object the API server would reject is not traced as if it existed', () => {
    const {state, verdict} = setup()
    const rejected = editField(state, 'spec.ports.0.number', '70000')
    expect(verdict(state, 'curl https://httpbin.org/get')).toBe('allow')
    expect(verdict(rejected, 'curl https://httpbin.org/get')).toBe('deny')
  })

  test('a document with a YAML error is listed, flagged, and its error is a finding at its line', () => {
    const {state, derive} = setup(`${TEXT}---\nkind: [oops\n`)
    const d = derive(state)
    expect(d.entries[3].label).toBe('(YAML error)')
    expect(d.flagged.get(3)).toBe('error')
    expect(findingsFor(d, 3).map((f) => f.code)).toEqual(['YAML_SYNTAX'])
  })

  test('without a client there is no table, and the reason says which key to press', () => {
    const {state, verdict} = setup()
    expect(verdict({...state, from: null}, 'curl https://httpbin.org/get')).toMatch(/press i/)
  })
})
