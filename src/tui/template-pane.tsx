import {Box, Text} from 'ink'
import {windowStart} from './layout.js'
import type {Template} from './templates.js'

interface Props {
  readonly templates: readonly Template[]
  readonly selected: number
  readonly width: number
  readonly height: number
}

/** The starting points a new policy can be made from (what `create` scaffolds). */
export function TemplatePane({templates, selected, width, height}: Props) {
  const visible = height - 1
  const start = windowStart(templates.length, selected, visible)
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse wrap="truncate-end">
        {' New policy: choose a template'.padEnd(width)}
      </Text>
      {templates.slice(start, start + visible).map((t, i) => (
        <Text key={start + i} inverse={start + i === selected} wrap="truncate-end">
          {`${start + i === selected ? '›' : ' '} ${t.label} (${t.objects.map((o) => o.kind).join(', ')})`}
        </Text>
      ))}
    </Box>
  )
}
