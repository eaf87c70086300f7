import {Box, Text} from 'ink'
import type {Diagnostic} from '../model/diagnostic.js'
import type {Palette} from './palette.js'

interface Props {
  /** Diagnostic-shaped: validation diagnostics, or explain findings once they exist. */
  readonly findings: readonly Diagnostic[]
  readonly width: number
  readonly height: number
  readonly palette: Palette
}

export function FindingsPane({findings, width, height, palette}: Props) {
  const room = height - 1
  const shown = findings.length > room ? findings.slice(0, room - 1) : findings
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {` Findings (${findings.length})`.padEnd(width)}
      </Text>
      {findings.length === 0 && <Text dimColor> no problems found</Text>}
      {shown.map((d, i) => (
        <Text key={i} wrap="truncate-end">
          <Text color={d.severity === 'error' ? palette.bad : palette.warn}>{d.severity === 'error' ? ' error ' : ' warn  '}</Text>
          {`line ${d.source.line} ${d.field ? d.field + ': ' : ''}${d.message}${setBy(d)}${d.hint ? ` (${d.hint})` : ''}`}
        </Text>
      ))}
      {shown.length < findings.length && <Text dimColor>{`  … ${findings.length - shown.length} more`}</Text>}
    </Box>
  )
}

/** Where the setting that defeats the policy is: its line in the edited file, else FILE:LINE. */
function setBy(d: Diagnostic): string {
  if (!d.related) return ''
  const {source} = d.related
  return ` [set at ${source.file === d.source.file ? `line ${source.line}` : `${source.file}:${source.line}`}]`
}
