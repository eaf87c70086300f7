import {Box, Text} from 'ink'
import {helpSections} from './keys.js'

interface Props {
  readonly scroll: number
  readonly width: number
  readonly height: number
}

/** Every key binding, from the same table that dispatches them. */
export function HelpScreen({scroll, width, height}: Props) {
  const lines = helpSections().flatMap((s) => [{title: s.title, keys: '', help: ''}, ...s.rows.map(([keys, help]) => ({title: '', keys, help}))])
  const start = Math.min(scroll, Math.max(0, lines.length - height))
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines.slice(start, start + height).map((l, i) =>
        l.title ? (
          <Text key={i} bold wrap="truncate-end">
            {l.title}
          </Text>
        ) : (
          <Text key={i} wrap="truncate-end">
            {`  ${l.keys.padEnd(16)} ${l.help}`}
          </Text>
        ),
      )}
    </Box>
  )
}
