import {Box, Text} from 'ink'
import type {Verdict} from '../../sim/trace/types.js'
import {windowStart} from './layout.js'
import type {Palette} from './palette.js'

export interface RequestRow {
  text: string
  /** null when it cannot be traced (bad request, no mesh or client). */
  now: Verdict | null
  /** The verdict against the file as saved. */
  saved: Verdict | null
}

interface Props {
  readonly rows: readonly RequestRow[]
  readonly selected: number
  readonly focused: boolean
  readonly width: number
  readonly height: number
  readonly palette: Palette
}

const WORD: Record<Verdict, string> = {allow: 'ALLOW', deny: 'DENY ', unsupported: 'UNSUP'}

/** Saved requests, re-run on every change; + marks one an unsaved edit newly allows, - one it newly denies. */
export function RequestsPane({rows, selected, focused, width, height, palette}: Props) {
  const visible = height - 1
  const start = windowStart(rows.length, selected, visible)
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse={focused} wrap="truncate-end">
        {` Requests (${rows.length}) ±: changed by edits`.padEnd(width)}
      </Text>
      {rows.length === 0 && (
        <Text dimColor wrap="truncate-end">
          {'  / then Enter saves one'}
        </Text>
      )}
      {rows.slice(start, start + visible).map((r, i) => {
        const index = start + i
        const change = r.now === r.saved || r.now === null || r.saved === null ? ' ' : r.now === 'allow' ? '+' : '-'
        const colour = r.now === 'allow' ? palette.ok : r.now === 'deny' ? palette.bad : palette.warn
        return (
          <Text key={index} inverse={focused && index === selected} wrap="truncate-end">
            {index === selected ? '›' : ' '}
            <Text bold>{change}</Text>
            <Text color={colour}>{r.now ? WORD[r.now] : '?    '}</Text>
            {` ${r.text}`}
          </Text>
        )
      })}
    </Box>
  )
}
