import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import {Document} from 'yaml'
import {describe, expect, test} from 'vitest'
import {joinParts, joinsTo} from '../../src/tui/document.js'
import {actionFor, helpLine, onKey, type Press} from '../../src/tui/keys.js'
import {initialState, reduce, selectedRows, templatesOf, type Action, type EditorState} from '../../src/tui/state.js'

const TEXT = `# team egress policies
kind: Egress
apiVersion: policy.openservicemesh.io/v1alpha1
metadata:
  name: httpbin-443
  namespace: curl
spec:
  sources:
  - kind: ServiceAccount
    name: curl
    namespace: curl
  hosts:
  - httpbin.org # the demo host
  ports:
  - number: 443
    protocol: https
---
# written by hand: must survive byte for byte
apiVersion: v1
kind: ConfigMap
metadata: {name: other, namespace: curl}
data:
  key:   "value"
`

const open = (text = TEXT) => initialState({file: 'egress.yaml', text, mesh: null, from: {namespace: 'curl', serviceAccount: 'curl'}})
const run = (s: EditorState, ...actions: Action[]) => actions.reduce(reduce, s)
const typed = (text: string): Action[] => [...text].map((c) => ({type: 'type', text: c}))
const key = (name: string, text = name.length === 1): Press => ({name, text})

/** Focuses the form row editing `path` ("spec.hosts.0"), the way a user would: Tab into the form, then arrows. */
function focusField(s: EditorState, path: string): EditorState {
  const at = selectedRows(s)!.findIndex((r) => r.path.join('.') === path)
  expect(at, `no form row for ${path}`).toBeGreaterThanOrEqual(0)
  const inForm = s.pane === 'form' ? s : run(s, {type: 'activate'})
  return run(inForm, {type: 'move', by: at - inForm.field})
}

describe('opening', () => {
  test('a file opens in browse mode, split into documents that join back to the exact text', () => {
    const s = open()
    expect(s.mode).toBe('browse')
    expect(s.parts).toHaveLength(2)
    expect(joinParts(s.parts)).toBe(TEXT)
    expect(s.dirty).toBe(false)
  })

  test('a new (empty) file opens on the template list', () => {
    expect(open('').mode).toBe('template')
  })

  test('recovered work is offered first; restoring makes the editor dirty with the recovered text', () => {
    const recovered = TEXT.replace('httpbin.org', 'example.com')
    const s = initialState({file: 'f.yaml', text: TEXT, mesh: null, from: null, recovery: {text: recovered, note: ''}})
    expect(s.mode).toBe('restore-offer')
    const restored = run(s, {type: 'restore'})
    expect(joinParts(restored.parts)).toBe(recovered)
    expect(restored.dirty).toBe(true)
    const discarded = run(s, {type: 'discard-recovery'})
    expect(joinParts(discarded.parts)).toBe(TEXT)
    expect(discarded.pending).toEqual({kind: 'clear-recovery'})
  })

  test('the dirty flag asks whether the documents join to the saved text, however they are cut', () => {
    const texts = fc.array(fc.string({unit: fc.constantFrom('a', 'b', '\n'), maxLength: 4}), {maxLength: 4})
    // The saved text: the documents' own joined text, or it with one character replaced or dropped.
    const put = fc.option(fc.constantFrom('', 'a', 'b', '\n'))
    fc.assert(
      fc.property(texts, fc.nat(), put, (parts, at, char) => {
        const asParts = parts.map((text) => ({doc: new Document(null), text}))
        const joined = parts.join('')
        const i = at % Math.max(joined.length, 1)
        const saved = char === null ? joined : joined.slice(0, i) + char + joined.slice(i + 1)
        expect(joinsTo(asParts, saved)).toBe(joinParts(asParts) === saved)
      }),
    )
  })

  test('told the parts the saved text was joined from, it still answers as joining does', () => {
    // Both lists drawn from one pool, so the same part objects sit at the same or other places.
    const pool = fc.array(fc.string({unit: fc.constantFrom('a', 'b'), maxLength: 2}), {minLength: 1, maxLength: 4})
    const picks = fc.array(fc.nat({max: 3}), {maxLength: 4})
    fc.assert(
      fc.property(pool, picks, picks, (texts, now, then) => {
        const parts = texts.map((text) => ({doc: new Document(null), text}))
        const asParts = now.map((i) => parts[i % parts.length])
        const savedParts = then.map((i) => parts[i % parts.length])
        const saved = joinParts(savedParts)
        expect(joinsTo(asParts, saved, savedParts)).toBe(joinParts(asParts) === saved)
      }),
      // A shared part at the same index but another offset ("ab"+"a" vs "ab"+"ab" before it), found once by chance.
      {
        numRuns: 3000,
        examples: [
          [
            ['ab', 'a'],
            [0, 1, 1, 1],
            [0, 0, 1],
          ],
        ],
      },
    )
  })
})

describe('editing a field', () => {
  test('every key typed edits the document; other documents and comments keep their bytes', () => {
    const start = focusField(open(), 'spec.hosts.0')
    let s = run(start, {type: 'activate'})
    expect(s.mode).toBe('edit')
    expect(s.buffer).toBe('httpbin.org')
    s = run(s, ...Array(11).fill({type: 'backspace'}), ...typed('api.github.com'))
    const text = joinParts(s.parts)
    expect(text).toContain('- api.github.com # the demo host')
    expect(text).toContain('# team egress policies')
    expect(s.parts[1]).toBe(start.parts[1])
    expect(s.dirty).toBe(true)
    const kept = run(s, {type: 'commit'})
    expect(kept.mode).toBe('browse')
    expect(joinParts(kept.parts)).toBe(text)
  })

  test('Esc puts back the exact original text', () => {
    const start = focusField(open(), 'spec.hosts.0')
    const s = run(start, {type: 'activate'}, ...typed('x'), {type: 'cancel'})
    expect(joinParts(s.parts)).toBe(TEXT)
    expect(s.dirty).toBe(false)
    expect(s.version).toBeGreaterThan(start.version)
  })

  test('Enter without a change keeps the original bytes rather than a re-printed document', () => {
    const s = run(focusField(open(), 'spec.hosts.0'), {type: 'activate'}, {type: 'commit'})
    expect(joinParts(s.parts)).toBe(TEXT)
    expect(s.dirty).toBe(false)
  })

  test('a number field stores a number once the text is digits', () => {
    const s = run(focusField(open(), 'spec.ports.0.number'), {type: 'activate'}, {type: 'backspace'}, {type: 'backspace'}, {type: 'backspace'}, ...typed('8443'))
    expect(s.parts[0].doc.getIn(['spec', 'ports', 0, 'number'])).toBe(8443)
  })

  test('Enter on a choice switches to the next option', () => {
    const s = run(focusField(open(), 'spec.ports.0.protocol'), {type: 'activate'})
    expect(s.parts[0].doc.getIn(['spec', 'ports', 0, 'protocol'])).toBe('tcp')
    expect(s.mode).toBe('browse')
  })

  test('Enter on a list heading adds an item and starts editing it', () => {
    let s = run(focusField(open(), 'spec.hosts'), {type: 'activate'})
    expect(s.mode).toBe('edit')
    s = run(s, ...typed('example.com'), {type: 'commit'})
    expect(s.parts[0].doc.toJS().spec.hosts).toEqual(['httpbin.org', 'example.com'])
  })

  test('a list can be created where the object has none', () => {
    const s = run(focusField(open(), 'spec.ipAddresses'), {type: 'activate'}, ...typed('10.0.0.0/8'), {type: 'commit'})
    expect(joinParts(s.parts)).toContain('ipAddresses:\n  - 10.0.0.0/8')
  })

  test('x removes the list item the focused field belongs to', () => {
    const s = run(focusField(open(), 'spec.ports.0.protocol'), {type: 'remove'})
    expect(s.parts[0].doc.toJS().spec.ports).toEqual([])
  })
})

describe('policies', () => {
  test('a template is appended as a new document after a separator and selected', () => {
    const s = run(open(), {type: 'new-policy'}, {type: 'commit'})
    expect(s.parts).toHaveLength(3)
    expect(s.selected).toBe(2)
    expect(s.pane).toBe('form')
    const text = joinParts(s.parts)
    expect(text.startsWith(TEXT + '---\n')).toBe(true)
    expect(s.parts[2].doc.toJS()).toMatchObject({kind: 'Egress', metadata: {namespace: 'curl'}, spec: {sources: [{name: 'curl'}]}})
  })

  test('a new file starts with the chosen template as its first document, without a separator', () => {
    const s = run(open(''), {type: 'move', by: 1}, {type: 'commit'})
    expect(joinParts(s.parts)).toMatch(/^apiVersion: policy\.openservicemesh\.io\/v1alpha1\nkind: Egress\n/)
    expect(s.parts[0].doc.getIn(['spec', 'ports', 0, 'protocol'])).toBe('http')
  })

  test('the templates follow the chosen mesh: with --mesh istio the first is a ServiceEntry', () => {
    const istio = initialState({file: 'f.yaml', text: '', mesh: 'istio', from: {namespace: 'default', serviceAccount: 'sleep'}})
    expect(templatesOf(istio).every((t) => t.label.startsWith('Istio'))).toBe(true)
    const s = run(istio, {type: 'commit'})
    expect(s.parts[0].doc.toJS()).toMatchObject({kind: 'ServiceEntry', metadata: {namespace: 'default'}, spec: {hosts: ['example.com']}})
  })

  test("Istio's outboundTrafficPolicy is switched inside the istio ConfigMap's mesh text, the rest kept", () => {
    const mesh = readFileSync('examples/istio/00-mesh.yaml', 'utf8')
    const s = run(focusField(run(open(mesh), {type: 'move', by: 1}), 'data.mesh'), {type: 'activate'})
    const text = joinParts(s.parts)
    expect(text).toContain('  mesh: |-\n    outboundTrafficPolicy:\n      mode: ALLOW_ANY\n')
    expect(text).toContain('# the task opens with "by default, Istio-enabled applications cannot access URLs outside the cluster"')
    expect(text.replace('ALLOW_ANY', 'REGISTRY_ONLY')).toBe(mesh)
  })

  test('x on the policies pane removes the selected object', () => {
    const s = run(open(), {type: 'remove'})
    expect(s.parts).toHaveLength(1)
    expect(joinParts(s.parts)).toContain('kind: ConfigMap')
    expect(s.dirty).toBe(true)
  })
})

describe('saving and quitting', () => {
  test('save asks for the whole text to be written', () => {
    const s = run(focusField(open(), 'spec.ports.0.protocol'), {type: 'activate'}, {type: 'save'})
    expect(s.pending).toMatchObject({kind: 'save', thenExit: false, text: joinParts(s.parts)})
    const saved = run(s, {type: 'effect-done'}, {type: 'saved', parts: s.parts, text: joinParts(s.parts)})
    expect(saved.dirty).toBe(false)
    expect(saved.savedParts).toBe(s.parts)
  })

  test('text that is not YAML is not saved, and the message says where', () => {
    const broken = initialState({file: 'f.yaml', text: TEXT, mesh: null, from: null, recovery: {text: 'a: [1\n', note: ''}})
    const s = run(broken, {type: 'restore'}, {type: 'save'})
    expect(s.pending).toBeNull()
    expect(s.message?.tone).toBe('error')
    expect(s.message?.text).toMatch(/^not saved: the file would not be valid YAML \(line 2: [^:]*\)$/)
  })

  test('q quits at once when nothing is unsaved', () => {
    expect(run(open(), {type: 'quit'}).pending).toEqual({kind: 'exit', recovery: 'clear'})
  })

  test('q asks when something is unsaved: s saves then quits, d quits without saving, Esc goes back', () => {
    const dirty = run(open(), {type: 'remove'}, {type: 'quit'})
    expect(dirty.mode).toBe('confirm-quit')
    expect(dirty.pending).toBeNull()
    expect(run(dirty, {type: 'save-and-quit'}).pending).toMatchObject({kind: 'save', thenExit: true})
    expect(run(dirty, {type: 'discard-and-quit'}).pending).toEqual({kind: 'exit', recovery: 'clear'})
    expect(run(dirty, {type: 'cancel'}).mode).toBe('browse')
  })

  test('Ctrl-C leaves at once and keeps unsaved work for recovery', () => {
    expect(run(open(), {type: 'remove'}, {type: 'interrupt'}).pending).toEqual({kind: 'exit', recovery: 'keep'})
    expect(run(open(), {type: 'interrupt'}).pending).toEqual({kind: 'exit', recovery: 'clear'})
  })

  test('Ctrl-C at the restore offer leaves the recovered work for next time', () => {
    const offered = initialState({file: 'f.yaml', text: TEXT, mesh: null, from: null, recovery: {text: 'a: 1\n', note: ''}})
    expect(run(offered, {type: 'interrupt'}).pending).toEqual({kind: 'exit', recovery: 'leave'})
  })
})

describe('requests and identity', () => {
  test('typing a request, Enter saves it once', () => {
    let s = run(open(), {type: 'open-request'}, ...typed('curl https://httpbin.org/get'), {type: 'commit'})
    s = run(s, {type: 'open-request'}, {type: 'commit'})
    expect(s.request).toBe('curl https://httpbin.org/get')
    expect(s.requests).toEqual(['curl https://httpbin.org/get'])
  })

  test('the client identity must be NAMESPACE/SERVICEACCOUNT', () => {
    const bad = run(open(), {type: 'edit-from'}, ...Array(9).fill({type: 'backspace'}), ...typed('nope'), {type: 'commit'})
    expect(bad.mode).toBe('edit')
    expect(bad.message?.tone).toBe('error')
    const good = run(bad, {type: 'backspace'}, {type: 'backspace'}, {type: 'backspace'}, {type: 'backspace'}, ...typed('app/api'), {type: 'commit'})
    expect(good.from).toEqual({namespace: 'app', serviceAccount: 'api'})
  })
})

describe('key table', () => {
  test('letters are text while typing and commands while browsing', () => {
    const typing = run(open(), {type: 'open-request'})
    expect(actionFor(typing, key('q'))).toEqual({type: 'type', text: 'q'})
    expect(actionFor(open(), key('q'))).toEqual({type: 'quit'})
  })

  test('pasted text that spells a key name is still text', () => {
    const typing = run(open(), {type: 'open-request'})
    expect(actionFor(typing, {name: 'up', text: true})).toEqual({type: 'type', text: 'up'})
  })

  test('keys that arrive together count one by one: "/" opens the request, the rest is its text', () => {
    const s = onKey(open(), {name: '/curl https://httpbin.org/get', text: true})
    expect(s.mode).toBe('request')
    expect(s.request).toBe('curl https://httpbin.org/get')
    const replaced = onKey(s, {name: '\u0015curl http://x/\r', text: true})
    expect(replaced.request).toBe('curl http://x/')
    expect(replaced.requests).toEqual(['curl http://x/'])
  })

  test('Enter means what the focused pane says', () => {
    expect(actionFor(open(), key('enter', false))).toEqual({type: 'activate'})
    expect(onKey(open(), key('enter', false)).pane).toBe('form')
  })

  test('the help line comes from the table and follows the mode', () => {
    expect(helpLine(open())).toContain('? help')
    expect(helpLine(run(open(), {type: 'remove'}, {type: 'quit'}))).toBe('s save and quit · d discard and quit · Esc keep editing')
  })
})
