import {Box, Text} from 'ink'
import {FORM_KINDS, type Row} from './forms.js'
import {windowStart} from './layout.js'
import type {Palette} from './palette.js'

interface Props {
  readonly title: string
  /** null when the object has no form. */
  readonly rows: readonly Row[] | null
  readonly field: number
  readonly focused: boolean
  /** The edit buffer, when the focused field is being edited. */
  readonly editing: string | null
  readonly width: number
  readonly height: number
  readonly palette: Palette
}

/** The label column: as wide as the widest label shown, within these bounds. */
const LABEL_MIN = 12
const LABEL_MAX = 30

/** The selected object's fields; list headings add items, `-` starts each list item. */
export function FormPane({title, rows, field, focused, editing, width, height, palette}: Props) {
  const visible = height - 1
  const start = rows ? windowStart(rows.length, field, visible) : 0
  const shown = rows?.slice(start, start + visible) ?? []
  const labelWidth = Math.min(LABEL_MAX, Math.max(LABEL_MIN, ...shown.map((r) => labelOf(r).length)))
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse={focused} wrap="truncate-end">
        {` ${title}`.padEnd(width)}
      </Text>
      {rows === null ? (
        <Text dimColor wrap="wrap">
          {`  No form for this object; edit it in the file. Forms: ${FORM_KINDS.join(', ')}.`}
        </Text>
      ) : (
        shown.map((row, i) => {
          const index = start + i
          const here = focused && index === field
          return (
            <Text key={index} inverse={here && editing === null} wrap="truncate-end">
              {`${labelOf(row).padEnd(labelWidth)} `}
              {row.kind === 'value' && here && editing !== null ? <Text color={palette.accent} underline>{`${editing}▏`}</Text> : valueText(row)}
            </Text>
          )
        })
      )}
    </Box>
  )
}

function labelOf(row: Row): string {
  const marker = row.kind === 'value' && row.first ? '- ' : '  '
  return `${'  '.repeat(row.depth)}${marker}${row.kind === 'list' ? `${row.label}:` : row.label}`
}

function valueText(row: Row): string {
  if (row.kind === 'list') return row.count === 0 ? `(none) Enter: add ${row.noun}` : `Enter: add ${row.noun}`
  if (row.value === undefined || row.value === null) return '—'
  const choices = row.leaf.type === 'choice' || row.leaf.type === 'embedded' ? ' ⇄' : row.leaf.type === 'bool' ? ' ⇄' : ''
  return `${typeof row.value === 'object' ? JSON.stringify(row.value) : String(row.value)}${choices}`
}
