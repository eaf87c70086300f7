import {Text} from 'ink'
import {helpLine} from './keys.js'
import type {Palette} from './palette.js'
import type {EditorState} from './state.js'

interface Props {
  readonly state: EditorState
  readonly width: number
  readonly palette: Palette
}

/** A question being asked, else the last message, else the keys that work here. */
export function Footer({state, width, palette}: Props) {
  const keys = helpLine(state)
  if (state.mode === 'confirm-quit')
    return (
      <Text wrap="truncate-end">
        <Text bold color={palette.warn}>
          Unsaved changes.{' '}
        </Text>
        {keys}
      </Text>
    )
  if (state.mode === 'confirm-overwrite')
    return (
      <Text wrap="truncate-end">
        <Text bold color={palette.warn}>{`${state.readOnly?.why ?? 'The file is read-only'}. `}</Text>
        {keys}
      </Text>
    )
  if (state.mode === 'restore-offer')
    return (
      <Text wrap="truncate-end">
        <Text bold color={palette.warn}>{`Unsaved work from an earlier edit was kept${state.recovery?.note ? ` (${state.recovery.note})` : ''}. `}</Text>
        {keys}
      </Text>
    )
  if (state.recoveryProblem && state.dirty && state.message?.tone !== 'error')
    return (
      <Text color={palette.bad} wrap="truncate-end">
        {`unsaved work is not being kept: ${state.recoveryProblem} (s saves)`.padEnd(width)}
      </Text>
    )
  if (state.message)
    return (
      <Text color={state.message.tone === 'error' ? palette.bad : palette.ok} wrap="truncate-end">
        {state.message.text.padEnd(width)}
      </Text>
    )
  return (
    <Text dimColor wrap="truncate-end">
      {keys}
    </Text>
  )
}
