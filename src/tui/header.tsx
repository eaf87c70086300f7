import {Box, Text} from 'ink'
import type {Palette} from './palette.js'

interface Props {
  readonly file: string
  readonly dirty: boolean
  readonly mesh: string
  readonly from: string
  /** The mesh switches, or why nothing can be traced. */
  readonly detail: string
  readonly width: number
  readonly palette: Palette
}

export function Header({file, dirty, mesh, from, detail, width, palette}: Props) {
  return (
    <Box flexDirection="column" width={width} height={2}>
      <Text wrap="truncate-end">
        <Text bold color={palette.accent}>
          egress edit{' '}
        </Text>
        {file}
        {dirty ? <Text color={palette.warn}> [modified]</Text> : ''}
        {`  mesh ${mesh}  from ${from}`}
      </Text>
      <Text dimColor wrap="truncate-end">
        {detail}
      </Text>
    </Box>
  )
}
