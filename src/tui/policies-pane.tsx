import {Box, Text} from 'ink'
import type {Entry} from './derive.js'
import {windowStart} from './layout.js'
import type {Palette} from './palette.js'

interface Props {
  readonly entries: readonly Entry[]
  readonly flagged: ReadonlyMap<number, 'error' | 'warning'>
  readonly selected: number
  readonly focused: boolean
  readonly width: number
  readonly height: number
  readonly palette: Palette
}

/** The documents of the file, one line each; `!` marks an object with an error, `~` one with a warning. */
export function PoliciesPane({entries, flagged, selected, focused, width, height, palette}: Props) {
  const rows = height - 1
  const start = windowStart(entries.length, selected, rows)
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse={focused} wrap="truncate-end">
        {` Policies (${entries.length})`.padEnd(width)}
      </Text>
      {entries.length === 0 && <Text dimColor> none: press n</Text>}
      {entries.slice(start, start + rows).map((e, i) => {
        const index = start + i
        const flag = flagged.get(index)
        const mark = flag === 'error' ? '!' : flag === 'warning' ? '~' : ' '
        return (
          <Text key={index} inverse={focused && index === selected} wrap="truncate-end">
            {index === selected ? '›' : ' '}
            <Text color={flag === 'error' ? palette.bad : flag === 'warning' ? palette.warn : undefined}>{mark}</Text>
            {e.label}
          </Text>
        )
      })}
    </Box>
  )
}
