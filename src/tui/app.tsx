import {Box, useApp, useInput, useStdout} from 'ink'
import {useEffect, useLayoutEffect, useReducer, useState} from 'react'
import type {ModelSet} from '../model/set.js'
import {createDeriver, findingsFor, type Derived, type Deriver} from './derive.js'
import {joinParts} from './document.js'
import {FindingsPane} from './findings-pane.js'
import {Footer} from './footer.js'
import {FormPane} from './form-pane.js'
import {Header} from './header.js'
import {HelpScreen} from './help-screen.js'
import {onKey, pressOf, type Press} from './keys.js'
import {layoutFor} from './layout.js'
import {paletteFor} from './palette.js'
import {PoliciesPane} from './policies-pane.js'
import {RequestsPane, type RequestRow} from './requests-pane.js'
import type {RecoveryKeeper, SaveRefusal} from './save.js'
import {reduce, selectedRows, templatesOf, type Action, type EditorState} from './state.js'
import {meshSwitches} from './switches.js'
import {TemplatePane} from './template-pane.js'
import {TracePane} from './trace-pane.js'

/** What the editor does outside the screen: the disk. */
export interface EditorIO {
  /** Saves the file; null when saved, otherwise why not. */
  save(file: string, text: string, overwriteReadOnly: boolean): SaveRefusal | null
  recovery: RecoveryKeeper
}

export interface AppProps {
  readonly initial: EditorState
  /** Read-only objects the policies are traced with (the mesh setup, the client's Deployment…). */
  readonly context: ModelSet
  readonly io: EditorIO
  readonly colour: boolean
  /** Fixed terminal size (tests); the real terminal's otherwise. */
  readonly size?: {columns: number; rows: number}
  /** Told how the editor ended, before it exits. */
  readonly onExit?: (how: {recovered: boolean}) => void
}

type Message = {press: Press} | Action

const step = (s: EditorState, m: Message) => ('press' in m ? onKey(s, m.press) : reduce(s, m))

export function App({initial, context, io, colour, size, onExit}: AppProps) {
  const [state, dispatch] = useReducer(step, initial)
  const [current] = useState(() => createDeriver(initial.file, context))
  const [asSaved] = useState(() => createDeriver(initial.file, context))
  const {exit} = useApp()
  const terminal = useTerminalSize(size)
  useInput((input, key) => dispatch({press: pressOf(input, key)}))

  useEffect(() => {
    const p = state.pending
    if (!p) return
    dispatch({type: 'effect-done'})
    if (p.kind === 'save') {
      const refused = io.save(state.file, p.text, p.overwriteReadOnly)
      if (refused) return dispatch({type: 'save-failed', ...refused, thenExit: p.thenExit})
      dispatch({type: 'recovery-written', problem: io.recovery.clear(), quitting: false})
      dispatch({type: 'saved', parts: p.parts, text: p.text})
      if (!p.thenExit) return
    } else if (p.kind === 'exit') {
      if (p.recovery === 'keep') {
        const problem = io.recovery.keep(joinParts(state.parts))
        if (problem) return dispatch({type: 'recovery-written', problem, quitting: true})
      } else if (p.recovery === 'clear') io.recovery.clear()
    } else return dispatch({type: 'recovery-written', problem: io.recovery.clear(), quitting: false})
    onExit?.({recovered: p.kind === 'exit' && p.recovery === 'keep'})
    exit()
  }, [state.pending])

  // Unsaved work reaches the recovery file in the same task as the frame that shows it (a layout effect, not
  // a passive one that may run later), so a killed editor loses nothing it has shown; an edit back to the
  // text on disk leaves nothing to keep (unless an earlier edit's offer is still open).
  // Told only of a change: a dispatch from a layout effect renders the editor again even when the state stays.
  useLayoutEffect(() => {
    const problem = state.dirty ? io.recovery.keep(joinParts(state.parts)) : state.version > 0 && !state.recovery ? io.recovery.clear() : state.recoveryProblem
    if (problem !== state.recoveryProblem) dispatch({type: 'recovery-written', problem, quitting: false})
  }, [state.version, state.dirty])

  const derived = current.derive(state.parts, state.version, state.mesh, state.from)
  const saved = asSaved.derive(state.savedParts, state.savedVersion, state.mesh, state.from)
  const layout = layoutFor(terminal.columns, terminal.rows)
  const palette = paletteFor(colour)
  const entry = derived.entries[state.selected]
  const from = state.from ? `${state.from.namespace}/${state.from.serviceAccount}` : '(none: press i)'
  const mesh = derived.mesh ? `${derived.mesh.mesh}${state.mesh === 'auto' ? ' (detected)' : ''}` : '(unknown: press m)'
  const detail = derived.problem ?? meshSwitches(derived.set, derived.mesh?.mesh ?? null).join(' · ')

  return (
    <Box flexDirection="column" width={layout.columns}>
      <Header file={state.file} dirty={state.dirty} mesh={mesh} from={from} detail={detail} width={layout.columns} palette={palette} />
      {state.mode === 'help' ? (
        <HelpScreen scroll={state.helpScroll} width={layout.columns} height={layout.body} />
      ) : (
        <Box flexDirection="row" height={layout.body}>
          <Box flexDirection="column" width={layout.leftWidth}>
            <PoliciesPane
              entries={derived.entries}
              flagged={derived.flagged}
              selected={state.selected}
              focused={state.mode === 'browse' && state.pane === 'policies'}
              width={layout.leftWidth}
              height={layout.policies}
              palette={palette}
            />
            <RequestsPane
              rows={requestRows(state, current, derived, asSaved, saved)}
              selected={state.requestIndex}
              focused={state.mode === 'browse' && state.pane === 'requests'}
              width={layout.leftWidth}
              height={layout.requests}
              palette={palette}
            />
          </Box>
          <Box width={1} />
          <Box flexDirection="column" width={layout.rightWidth}>
            {state.mode === 'template' ? (
              <TemplatePane templates={templatesOf(state)} selected={state.templateIndex} width={layout.rightWidth} height={layout.form} />
            ) : (
              <FormPane
                title={entry ? `${entry.label}  ${state.file}:${entry.firstLine}` : 'No object selected'}
                rows={entry ? selectedRows(state) : []}
                field={state.field}
                focused={state.pane === 'form' && (state.mode === 'browse' || state.editing?.target === 'field')}
                editing={state.editing?.target === 'field' ? state.buffer : null}
                width={layout.rightWidth}
                height={layout.form}
                palette={palette}
              />
            )}
            <FindingsPane findings={findingsFor(derived, state.selected)} width={layout.rightWidth} height={layout.findings} palette={palette} />
            <TracePane
              request={state.editing?.target === 'from' ? `client identity: ${state.buffer}` : state.request}
              typing={state.mode === 'request' || state.editing?.target === 'from'}
              result={state.request.trim() === '' ? null : current.traceOf(derived, state.request)}
              width={layout.rightWidth}
              height={layout.trace}
              palette={palette}
            />
          </Box>
        </Box>
      )}
      <Footer state={state} width={layout.columns} palette={palette} />
    </Box>
  )
}

function requestRows(state: EditorState, current: Deriver, derived: Derived, asSaved: Deriver, saved: Derived): RequestRow[] {
  const verdictOf = (d: Deriver, v: Derived, text: string) => {
    const r = d.traceOf(v, text)
    return 'trace' in r ? r.trace.outcome.verdict : null
  }
  return state.requests.map((text) => ({text, now: verdictOf(current, derived, text), saved: verdictOf(asSaved, saved, text)}))
}

function useTerminalSize(fixed: {columns: number; rows: number} | undefined): {columns: number; rows: number} {
  const {stdout} = useStdout()
  const read = () => fixed ?? {columns: stdout.columns || 80, rows: stdout.rows || 24}
  const [size, setSize] = useState(read)
  useEffect(() => {
    if (fixed) return
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout])
  return size
}
