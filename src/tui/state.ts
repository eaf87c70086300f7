import type {MeshName} from '../../sim/compile/index.js'
import {parseIdentity} from '../cli/flags.js'
import {addItem, appendPart, detectIndentSeq, editPart, joinParts, joinsTo, setInEmbedded, splitParts, yamlProblem, type Part, type YamlPath} from './document.js'
import {formRows, type Row} from './forms.js'
import {templatesFor, type Identity, type Template} from './templates.js'

/**
 * The editor as data. Everything the screen shows is this state plus values derived from it by pure
 * helpers (src/tui/derive.ts); every key press is an Action given to reduce(). Work that touches the disk
 * or the terminal is asked for through `pending` and done by the component, which reports back.
 */
export type Mode = 'browse' | 'edit' | 'request' | 'help' | 'confirm-quit' | 'confirm-overwrite' | 'restore-offer' | 'template'
export type Pane = 'policies' | 'form' | 'requests'
const PANES: readonly Pane[] = ['policies', 'form', 'requests']
export type MeshChoice = MeshName | 'auto'
const MESH_CHOICES: readonly MeshChoice[] = ['auto', 'osm', 'osm-edge', 'istio']

export type Effect =
  | {kind: 'save'; parts: readonly Part[]; text: string; thenExit: boolean; overwriteReadOnly: boolean}
  /**
   * Leave the editor. The recovery file gets the unsaved text (keep), is removed (clear), or is left as it
   * is (leave: its restore offer was not answered).
   */
  | {kind: 'exit'; recovery: 'keep' | 'clear' | 'leave'}
  | {kind: 'clear-recovery'}

/** What an edit buffer is for; `before` is the document as it was, restored by Esc. */
export type Editing = {target: 'field'; row: Extract<Row, {kind: 'value'}>; before: readonly Part[]} | {target: 'from'}

export interface Recovery {
  text: string
  /** Said when offering it, e.g. that the file changed on disk since. */
  note: string
}

export interface EditorState {
  readonly file: string
  readonly parts: readonly Part[]
  /** The file's own sequence style, used when a document is re-printed. */
  readonly indentSeq: boolean
  /** Bumped on every change to `parts`; derived values are memoised by it. */
  readonly version: number
  /** The document as on disk (at open or last save), for "newly allowed/denied" and the dirty flag. */
  readonly savedParts: readonly Part[]
  readonly savedText: string
  readonly savedVersion: number
  readonly dirty: boolean
  readonly mesh: MeshChoice
  readonly from: Identity | null
  readonly mode: Mode
  readonly pane: Pane
  /** Index into `parts`. */
  readonly selected: number
  /** Index into the selected object's form rows. */
  readonly field: number
  readonly editing: Editing | null
  readonly buffer: string
  /** The request typed in the trace pane, traced live. */
  readonly request: string
  readonly requests: readonly string[]
  readonly requestIndex: number
  readonly templateIndex: number
  /** First line shown of the `?` screen. */
  readonly helpScroll: number
  /** Unsaved work from an earlier edit, while the offer to restore it is open. */
  readonly recovery: Recovery | null
  readonly message: {tone: 'info' | 'error'; text: string} | null
  /** Why unsaved work is not reaching the recovery file right now (shown until a write succeeds). */
  readonly recoveryProblem: string | null
  /** A save refused because the file is read-only, while the user is asked whether to overwrite it. */
  readonly readOnly: {why: string; thenExit: boolean} | null
  readonly pending: Effect | null
}

export type Action =
  | {type: 'move'; by: number}
  | {type: 'next-pane'; by: 1 | -1}
  | {type: 'activate'}
  | {type: 'add-item'}
  | {type: 'remove'}
  | {type: 'type'; text: string}
  | {type: 'backspace'}
  | {type: 'clear'}
  | {type: 'commit'}
  | {type: 'cancel'}
  | {type: 'open-request'}
  | {type: 'edit-from'}
  | {type: 'cycle-mesh'}
  | {type: 'new-policy'}
  | {type: 'save'}
  | {type: 'saved'; parts: readonly Part[]; text: string}
  | {type: 'save-failed'; why: string; readOnly: boolean; thenExit: boolean}
  | {type: 'overwrite'}
  /** How the last write of the recovery file went; `quitting` when it was Ctrl-C's, which then does not quit. */
  | {type: 'recovery-written'; problem: string | null; quitting: boolean}
  | {type: 'quit'}
  | {type: 'save-and-quit'}
  | {type: 'discard-and-quit'}
  | {type: 'interrupt'}
  | {type: 'help'}
  | {type: 'restore'}
  | {type: 'discard-recovery'}
  | {type: 'effect-done'}

export interface Opening {
  file: string
  /** The file's text; "" for a new file. */
  text: string
  mesh: MeshName | null
  from: Identity | null
  requests?: readonly string[]
  recovery?: Recovery | null
}

export function initialState(o: Opening): EditorState {
  const parts = splitParts(o.text)
  return {
    file: o.file,
    parts,
    indentSeq: detectIndentSeq(o.text),
    version: 0,
    savedParts: parts,
    savedText: o.text,
    savedVersion: 0,
    dirty: false,
    mesh: o.mesh ?? 'auto',
    from: o.from,
    mode: o.recovery ? 'restore-offer' : parts.length === 0 ? 'template' : 'browse',
    pane: 'policies',
    selected: 0,
    field: 0,
    editing: null,
    buffer: '',
    request: '',
    requests: o.requests ?? [],
    requestIndex: 0,
    templateIndex: 0,
    helpScroll: 0,
    recovery: o.recovery ?? null,
    message: null,
    recoveryProblem: null,
    readOnly: null,
    pending: null,
  }
}

/** The form rows of the selected object, or null when it has none (unknown kind, YAML error, no object). */
export function selectedRows(s: EditorState): Row[] | null {
  const part = s.parts[s.selected]
  if (!part || part.doc.errors.length > 0) return null
  return formRows(part.doc.toJS())
}

export function reduce(s: EditorState, a: Action): EditorState {
  const state = a.type === 'saved' || a.type === 'save-failed' || a.type === 'effect-done' || a.type === 'recovery-written' ? s : {...s, message: null}
  switch (state.mode) {
    case 'help':
      if (a.type === 'move') return {...state, helpScroll: Math.max(0, state.helpScroll + a.by)}
      if (a.type === 'recovery-written' || a.type === 'effect-done') return common(state, a)
      return a.type === 'interrupt' ? interrupt(state) : {...state, mode: 'browse'}
    case 'restore-offer':
      return restoreOffer(state, a)
    case 'confirm-quit':
      return confirmQuit(state, a)
    case 'confirm-overwrite':
      return confirmOverwrite(state, a)
    case 'template':
      return templatePicker(state, a)
    case 'edit':
      return editBuffer(state, a)
    case 'request':
      return requestInput(state, a)
    case 'browse':
      return browse(state, a)
  }
}

function browse(s: EditorState, a: Action): EditorState {
  switch (a.type) {
    case 'move':
      return move(s, a.by)
    case 'next-pane':
      return {...s, pane: PANES[(PANES.indexOf(s.pane) + a.by + PANES.length) % PANES.length]}
    case 'activate':
      return activate(s)
    case 'add-item':
      return s.pane === 'form' ? addToList(s) : s
    case 'remove':
      return remove(s)
    case 'open-request':
      return {...s, mode: 'request'}
    case 'edit-from':
      return {...s, mode: 'edit', editing: {target: 'from'}, buffer: s.from ? `${s.from.namespace}/${s.from.serviceAccount}` : ''}
    case 'cycle-mesh':
      return {...s, mesh: MESH_CHOICES[(MESH_CHOICES.indexOf(s.mesh) + 1) % MESH_CHOICES.length]}
    case 'new-policy':
      return {...s, mode: 'template', templateIndex: 0}
    case 'save':
      return save(s, false)
    case 'quit':
      return s.dirty ? {...s, mode: 'confirm-quit'} : leave(s)
    case 'help':
      return {...s, mode: 'help', helpScroll: 0}
    default:
      return common(s, a)
  }
}

/** Actions that mean the same in every mode: effects reporting back, and Ctrl-C. */
function common(s: EditorState, a: Action): EditorState {
  switch (a.type) {
    case 'saved': {
      const dirty = !joinsTo(s.parts, a.text, a.parts)
      return {...s, savedParts: a.parts, savedText: a.text, savedVersion: s.version, dirty, recovery: null, message: {tone: 'info', text: `saved ${s.file}`}}
    }
    case 'save-failed':
      if (a.readOnly) return {...s, mode: 'confirm-overwrite', readOnly: {why: a.why, thenExit: a.thenExit}}
      return {...s, mode: 'browse', message: {tone: 'error', text: `not saved: ${a.why}`}}
    case 'recovery-written':
      if (a.quitting && a.problem) {
        return {...s, recoveryProblem: a.problem, message: {tone: 'error', text: `not quitting: unsaved work could not be kept (${a.problem}); s saves, q then d discards`}}
      }
      return s.recoveryProblem === a.problem ? s : {...s, recoveryProblem: a.problem}
    case 'effect-done':
      return {...s, pending: null}
    case 'interrupt':
      return interrupt(s)
    default:
      return s
  }
}

function interrupt(s: EditorState): EditorState {
  return s.dirty ? {...s, pending: {kind: 'exit', recovery: 'keep'}} : leave(s)
}

/** Quits without keeping anything: the recovery file goes too, unless its offer is still open. */
function leave(s: EditorState): EditorState {
  return {...s, pending: {kind: 'exit', recovery: s.recovery ? 'leave' : 'clear'}}
}

function move(s: EditorState, by: number): EditorState {
  if (s.pane === 'policies') return {...s, selected: clamp(s.selected + by, s.parts.length), field: 0}
  if (s.pane === 'requests') return {...s, requestIndex: clamp(s.requestIndex + by, s.requests.length)}
  return {...s, field: clamp(s.field + by, selectedRows(s)?.length ?? 0)}
}

function activate(s: EditorState): EditorState {
  if (s.pane === 'policies') return {...s, pane: 'form', field: 0}
  if (s.pane === 'requests') {
    const request = s.requests[s.requestIndex]
    return request === undefined ? s : {...s, request, mode: 'request'}
  }
  const row = selectedRows(s)?.[s.field]
  if (!row) return s
  if (row.kind === 'list') return addToList(s)
  const leaf = row.leaf
  if (leaf.type === 'text' || leaf.type === 'number') {
    const buffer = row.value === undefined || row.value === null ? '' : String(row.value)
    return {...s, mode: 'edit', editing: {target: 'field', row, before: s.parts}, buffer}
  }
  const options = leaf.type === 'bool' ? [true, false] : leaf.options
  const next = options[(options.indexOf(row.value as never) + 1) % options.length]
  const value = leaf.type === 'embedded' ? setInEmbedded(rawAt(s, row.path), leaf.inner, next) : next
  return withParts(s, replacePart(s.parts, s.selected, editPart(s.parts[s.selected], row.path, value, s.indentSeq)))
}

function addToList(s: EditorState): EditorState {
  const rows = selectedRows(s)
  const row = rows?.[s.field]
  if (!rows || !row?.list) return {...s, message: {tone: 'error', text: 'this field is not in a list'}}
  const listRow = rows.find((r) => r.kind === 'list' && samePath(r.path, row.list!))
  if (listRow?.kind !== 'list') return s
  const next = withParts(s, replacePart(s.parts, s.selected, addItem(s.parts[s.selected], listRow.path, listRow.blank, s.indentSeq)))
  // Focus the new item's first field; a scalar item opens straight into editing.
  const newRows = selectedRows(next) ?? []
  const itemPath = [...listRow.path, listRow.count]
  const at = newRows.findIndex((r) => r.kind === 'value' && startsWith(r.path, itemPath))
  if (at < 0) return next
  const focused = {...next, field: at}
  return typeof listRow.blank === 'string' ? activate(focused) : focused
}

function remove(s: EditorState): EditorState {
  if (s.pane === 'requests') {
    const requests = s.requests.filter((_, i) => i !== s.requestIndex)
    return {...s, requests, requestIndex: clamp(s.requestIndex, requests.length)}
  }
  if (s.pane === 'policies') {
    if (!s.parts[s.selected]) return s
    const parts = s.parts.filter((_, i) => i !== s.selected)
    return {...withParts(s, parts), selected: clamp(s.selected, parts.length), field: 0, message: {tone: 'info', text: 'object removed (not saved yet)'}}
  }
  const row = selectedRows(s)?.[s.field]
  if (!row?.item) return {...s, message: {tone: 'error', text: 'only list items can be removed'}}
  const next = withParts(s, replacePart(s.parts, s.selected, editPart(s.parts[s.selected], row.item, undefined, s.indentSeq)))
  return {...next, field: clamp(s.field, selectedRows(next)?.length ?? 0)}
}

function editBuffer(s: EditorState, a: Action): EditorState {
  const e = s.editing
  if (!e) return {...s, mode: 'browse'}
  switch (a.type) {
    case 'type':
      return applyBuffer(s, s.buffer + a.text)
    case 'backspace':
      return applyBuffer(s, s.buffer.slice(0, -1))
    case 'clear':
      return applyBuffer(s, '')
    case 'commit':
      if (e.target === 'from') {
        const id = parseIdentity(s.buffer.trim())
        if (!id) return {...s, message: {tone: 'error', text: `"${s.buffer}" is not NAMESPACE/SERVICEACCOUNT`}}
        return {...s, from: id, mode: 'browse', editing: null, buffer: ''}
      }
      // Unchanged: keep the document's original bytes rather than a re-printed copy.
      if (s.buffer === String(e.row.value ?? '')) return {...withParts(s, e.before), mode: 'browse', editing: null, buffer: ''}
      return {...s, mode: 'browse', editing: null, buffer: ''}
    case 'cancel':
      return {...(e.target === 'field' ? withParts(s, e.before) : s), mode: 'browse', editing: null, buffer: ''}
    default:
      return common(s, a)
  }
}

/** Each key typed into a field edits the document, so validation and traces follow as the user types. */
function applyBuffer(s: EditorState, buffer: string): EditorState {
  const e = s.editing
  if (e?.target !== 'field') return {...s, buffer}
  const value = e.row.leaf.type === 'number' && /^\d+$/.test(buffer) ? Number(buffer) : buffer
  const part = editPart(e.before[s.selected], e.row.path, value, s.indentSeq)
  return {...withParts(s, replacePart(e.before, s.selected, part)), buffer}
}

function requestInput(s: EditorState, a: Action): EditorState {
  switch (a.type) {
    case 'type':
      return {...s, request: s.request + a.text}
    case 'backspace':
      return {...s, request: s.request.slice(0, -1)}
    case 'clear':
      return {...s, request: ''}
    case 'commit': {
      const text = s.request.trim()
      if (text === '') return {...s, mode: 'browse'}
      const requests = s.requests.includes(text) ? s.requests : [...s.requests, text]
      return {...s, requests, requestIndex: requests.indexOf(text), mode: 'browse', message: {tone: 'info', text: 'request saved: it re-runs on every change'}}
    }
    case 'cancel':
      return {...s, mode: 'browse'}
    default:
      return common(s, a)
  }
}

/** The templates offered: the chosen mesh's, or every mesh's while the mesh is detected. */
export function templatesOf(s: EditorState): Template[] {
  return templatesFor(s.mesh === 'auto' ? null : s.mesh, s.from)
}

function templatePicker(s: EditorState, a: Action): EditorState {
  const templates = templatesOf(s)
  switch (a.type) {
    case 'move':
      return {...s, templateIndex: clamp(s.templateIndex + a.by, templates.length)}
    case 'commit': {
      const t = templates[s.templateIndex]
      if (!t) return {...s, mode: 'browse'}
      const parts = t.objects.reduce((acc: readonly Part[], o) => appendPart(acc, o, s.indentSeq), s.parts)
      return {...withParts(s, parts), mode: 'browse', pane: 'form', selected: s.parts.length, field: 0, message: {tone: 'info', text: `added ${t.label}`}}
    }
    case 'cancel':
      return {...s, mode: 'browse'}
    default:
      return common(s, a)
  }
}

function confirmQuit(s: EditorState, a: Action): EditorState {
  switch (a.type) {
    case 'save-and-quit':
      return save(s, true)
    case 'discard-and-quit':
      return leave(s)
    case 'cancel':
      return {...s, mode: 'browse'}
    default:
      return common(s, a)
  }
}

function confirmOverwrite(s: EditorState, a: Action): EditorState {
  const asked = s.readOnly
  switch (a.type) {
    case 'overwrite':
      return {...save({...s, mode: 'browse', readOnly: null}, asked?.thenExit ?? false, true)}
    case 'cancel':
      return {...s, mode: 'browse', readOnly: null, message: {tone: 'error', text: `not saved: ${asked?.why ?? 'the file is read-only'}`}}
    default:
      return common(s, a)
  }
}

function restoreOffer(s: EditorState, a: Action): EditorState {
  if (!s.recovery) return {...s, mode: 'browse'}
  switch (a.type) {
    case 'restore': {
      const parts = splitParts(s.recovery.text)
      const yamlError = yamlProblem(s.recovery.text)
      return {
        ...withParts(s, parts),
        recovery: null,
        mode: 'browse',
        selected: 0,
        message: {tone: yamlError ? 'error' : 'info', text: yamlError ? `restored, but ${yamlError}` : 'restored unsaved changes (not saved yet)'},
      }
    }
    case 'discard-recovery':
      return {...s, recovery: null, mode: s.parts.length === 0 ? 'template' : 'browse', pending: {kind: 'clear-recovery'}}
    default:
      return common(s, a)
  }
}

/** Asks for a save unless the text is not YAML, in which case it says why and keeps everything as it is. */
function save(s: EditorState, thenExit: boolean, overwriteReadOnly = false): EditorState {
  const text = joinParts(s.parts)
  const problem = yamlProblem(text)
  if (problem) return {...s, mode: 'browse', message: {tone: 'error', text: `not saved: the file would not be valid YAML (${problem})`}}
  return {...s, pending: {kind: 'save', parts: s.parts, text, thenExit, overwriteReadOnly}}
}

function withParts(s: EditorState, parts: readonly Part[]): EditorState {
  return {...s, parts, version: s.version + 1, dirty: !joinsTo(parts, s.savedText, s.savedParts)}
}

function replacePart(parts: readonly Part[], i: number, part: Part): Part[] {
  return parts.map((p, j) => (j === i ? part : p))
}

function rawAt(s: EditorState, path: YamlPath): unknown {
  return s.parts[s.selected].doc.getIn(path)
}

function clamp(i: number, length: number): number {
  return Math.max(0, Math.min(i, length - 1))
}

function samePath(a: YamlPath, b: YamlPath): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i])
}

function startsWith(path: YamlPath, prefix: YamlPath): boolean {
  return prefix.every((k, i) => path[i] === k)
}
