import type {Key} from 'ink'
import {reduce, type Action, type EditorState, type Mode, type Pane} from './state.js'

/** A key press as the table names it: a special key ("enter", "ctrl-c", "up") or typed text. */
export interface Press {
  name: string
  /** True when `name` is text the user typed (or pasted), never a special key. */
  text: boolean
}

export function pressOf(input: string, key: Key): Press {
  const special =
    key.ctrl && input
      ? `ctrl-${input}`
      : key.return
        ? 'enter'
        : key.escape
          ? 'esc'
          : key.tab
            ? key.shift
              ? 'shift-tab'
              : 'tab'
            : key.backspace || key.delete
              ? 'backspace'
              : key.upArrow
                ? 'up'
                : key.downArrow
                  ? 'down'
                  : key.pageUp
                    ? 'pageup'
                    : key.pageDown
                      ? 'pagedown'
                      : key.leftArrow
                        ? 'left'
                        : key.rightArrow
                          ? 'right'
                          : null
  return special ? {name: special, text: false} : {name: input, text: true}
}

const CONTROL: Record<number, string> = {8: 'backspace', 9: 'tab', 13: 'enter', 27: 'esc', 127: 'backspace'}

/** One character of a chunk: a control character is the key that sends it (0x15 is Ctrl-U). */
function pressOfChar(ch: string): Press {
  const code = ch.charCodeAt(0)
  if (code >= 32 && code !== 127) return {name: ch, text: true}
  return {name: CONTROL[code] ?? `ctrl-${String.fromCharCode(code + 96)}`, text: false}
}

/** `TEXT` matches any typed text; `ANY` any key at all. */
const TEXT = 'text'
const ANY = 'any'

interface Binding {
  keys: readonly string[]
  modes: readonly Mode[]
  /** In browse mode, the panes the binding applies to (all when absent). */
  panes?: readonly Pane[]
  action: Action | ((press: Press) => Action)
  help: string
  /** Shown in the help line when set. */
  short?: string
}

const ALL: readonly Mode[] = ['browse', 'edit', 'request', 'help', 'confirm-quit', 'confirm-overwrite', 'restore-offer', 'template']
const TYPING: readonly Mode[] = ['edit', 'request']

/** Every key the editor knows, in lookup order: dispatch, the help line and the `?` screen all read this table. */
const BINDINGS: readonly Binding[] = [
  {keys: ['ctrl-c'], modes: ALL, action: {type: 'interrupt'}, help: 'quit now; unsaved work is kept for the next edit to restore'},
  {keys: ['?'], modes: ['browse'], action: {type: 'help'}, help: 'show every key', short: 'help'},
  {keys: ['up', 'k'], modes: ['browse', 'template', 'help'], action: {type: 'move', by: -1}, help: 'previous item (help: scroll)'},
  {keys: ['down', 'j'], modes: ['browse', 'template', 'help'], action: {type: 'move', by: 1}, help: 'next item (help: scroll)', short: 'move'},
  {keys: [ANY], modes: ['help'], action: {type: 'help'}, help: 'any other key closes the help', short: 'close'},
  {keys: ['pageup'], modes: ['browse', 'template'], action: {type: 'move', by: -10}, help: 'ten items up'},
  {keys: ['pagedown'], modes: ['browse', 'template'], action: {type: 'move', by: 10}, help: 'ten items down'},
  {keys: ['tab'], modes: ['browse'], action: {type: 'next-pane', by: 1}, help: 'next pane (policies, form, requests)', short: 'pane'},
  {keys: ['shift-tab'], modes: ['browse'], action: {type: 'next-pane', by: -1}, help: 'previous pane'},
  {keys: ['enter'], modes: ['browse'], panes: ['policies'], action: {type: 'activate'}, help: 'policies: open the form', short: 'form'},
  {keys: ['enter'], modes: ['browse'], panes: ['form'], action: {type: 'activate'}, help: 'form: edit the field, switch a choice, or add to a list', short: 'edit'},
  {keys: ['enter'], modes: ['browse'], panes: ['requests'], action: {type: 'activate'}, help: 'requests: load into the trace pane', short: 'load'},
  {keys: ['a'], modes: ['browse'], panes: ['form'], action: {type: 'add-item'}, help: 'form: add an item to the list the field is in', short: 'add'},
  {keys: ['x'], modes: ['browse'], action: {type: 'remove'}, help: 'remove the object, list item or saved request', short: 'remove'},
  {keys: ['n'], modes: ['browse'], action: {type: 'new-policy'}, help: 'new policy from a template', short: 'new'},
  {keys: ['/', 'r'], modes: ['browse'], action: {type: 'open-request'}, help: 'type a request to trace (curl …, URL, HOST:PORT, nc …)', short: 'request'},
  {keys: ['m'], modes: ['browse'], action: {type: 'cycle-mesh'}, help: 'mesh: auto, osm, osm-edge, istio'},
  {keys: ['i'], modes: ['browse'], action: {type: 'edit-from'}, help: 'client identity (NAMESPACE/SERVICEACCOUNT)'},
  {keys: ['s', 'ctrl-s'], modes: ['browse'], action: {type: 'save'}, help: 'save (refused, with the reason, if it would not be valid YAML)', short: 'save'},
  {keys: ['q'], modes: ['browse'], action: {type: 'quit'}, help: 'quit (asks first when there are unsaved changes)', short: 'quit'},
  {keys: ['enter'], modes: ['edit'], action: {type: 'commit'}, help: 'edit: keep the value', short: 'keep'},
  {keys: ['enter'], modes: ['request'], action: {type: 'commit'}, help: 'request: add it to the saved requests', short: 'save request'},
  {keys: ['enter'], modes: ['template'], action: {type: 'commit'}, help: 'template: add it to the file', short: 'add'},
  {keys: ['esc'], modes: ['edit'], action: {type: 'cancel'}, help: 'edit: put the value back', short: 'undo'},
  {keys: ['esc'], modes: ['request', 'template'], action: {type: 'cancel'}, help: 'leave the request or the template list', short: 'back'},
  {keys: ['backspace'], modes: TYPING, action: {type: 'backspace'}, help: 'delete the last character'},
  {keys: ['ctrl-u'], modes: TYPING, action: {type: 'clear'}, help: 'clear the field or request'},
  {keys: [TEXT], modes: TYPING, action: (p) => ({type: 'type', text: p.name}), help: 'typed text goes into the field or request'},
  {keys: ['s'], modes: ['confirm-quit'], action: {type: 'save-and-quit'}, help: 'unsaved changes: save, then quit', short: 'save and quit'},
  {keys: ['d'], modes: ['confirm-quit'], action: {type: 'discard-and-quit'}, help: 'unsaved changes: quit without saving', short: 'discard and quit'},
  {keys: ['esc', 'n'], modes: ['confirm-quit'], action: {type: 'cancel'}, help: 'unsaved changes: keep editing', short: 'keep editing'},
  {keys: ['y'], modes: ['confirm-overwrite'], action: {type: 'overwrite'}, help: 'read-only file: overwrite it anyway (its mode stays)', short: 'overwrite anyway'},
  {keys: ['esc', 'n'], modes: ['confirm-overwrite'], action: {type: 'cancel'}, help: 'read-only file: do not save', short: 'keep editing'},
  {keys: ['r'], modes: ['restore-offer'], action: {type: 'restore'}, help: 'recovered work: restore it', short: 'restore'},
  {keys: ['d'], modes: ['restore-offer'], action: {type: 'discard-recovery'}, help: 'recovered work: delete it and open the file as saved', short: 'discard'},
]

function matches(b: Binding, p: Press): boolean {
  return b.keys.some((k) => k === ANY || (k === TEXT ? p.text : k === p.name && (!p.text || k.length === 1)))
}

function applies(b: Binding, s: EditorState): boolean {
  return b.modes.includes(s.mode) && (s.mode !== 'browse' || !b.panes || b.panes.includes(s.pane))
}

/**
 * The state after a key press: the table says which action it is, reduce() does it. Text that arrives in
 * one piece (a paste, or keys typed faster than they are read) counts as its characters one by one, since
 * one of them may change the mode ("/" starts a request) or be a control key (Ctrl-U, Enter).
 */
export function onKey(s: EditorState, p: Press): EditorState {
  if (p.text && [...p.name].length > 1) return [...p.name].reduce((acc, ch) => onKey(acc, pressOfChar(ch)), s)
  const a = actionFor(s, p)
  return a ? reduce(s, a) : s
}

/** The action a key press means now, or null when the key does nothing here. */
export function actionFor(s: EditorState, p: Press): Action | null {
  const b = BINDINGS.find((b) => applies(b, s) && matches(b, p))
  if (!b) return null
  return typeof b.action === 'function' ? b.action(p) : b.action
}

const SHOWN: Record<string, string> = {
  up: '↑',
  down: '↓',
  enter: 'Enter',
  esc: 'Esc',
  tab: 'Tab',
  'shift-tab': 'Shift-Tab',
  backspace: 'Backspace',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  'ctrl-c': 'Ctrl-C',
  'ctrl-s': 'Ctrl-S',
  [TEXT]: 'typing',
  [ANY]: 'any key',
}

function keyLabel(b: Binding): string {
  return b.keys.map((k) => SHOWN[k] ?? k).join('/')
}

/** The one-line reminder for the current mode and pane, e.g. "↑/k/↓/j move · Enter edit · ? help". */
export function helpLine(s: EditorState): string {
  const shown = BINDINGS.filter((b) => b.short && applies(b, s))
  return shown.map((b) => `${b.short === 'move' ? '↑↓' : (SHOWN[b.keys[0]] ?? b.keys[0])} ${b.short}`).join(' · ')
}

/** The `?` screen: each mode's bindings. */
export function helpSections(): Array<{title: string; rows: Array<[keys: string, help: string]>}> {
  const titles: Record<Mode, string> = {
    browse: 'Browsing',
    edit: 'Editing a field',
    request: 'Typing a request',
    help: 'Help',
    'confirm-quit': 'Quitting with unsaved changes',
    'confirm-overwrite': 'Saving a read-only file',
    'restore-offer': 'Recovered work',
    template: 'Choosing a template',
  }
  return ALL.map((mode) => ({
    title: titles[mode],
    rows: BINDINGS.filter((b) => b.modes.includes(mode) && (b.modes !== ALL || mode === 'browse')).map((b) => [keyLabel(b), b.help]),
  }))
}
