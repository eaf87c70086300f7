import {Box, Text} from 'ink'
import type {ReactNode} from 'react'
import {clientSees} from '../render/client-sees.js'
import {describeReason} from '../render/reasons.js'
import {originText} from '../render/trace-text.js'
import type {TraceResult} from './derive.js'
import type {Palette} from './palette.js'

interface Props {
  readonly request: string
  readonly typing: boolean
  readonly result: TraceResult | null
  readonly width: number
  readonly height: number
  readonly palette: Palette
}

/** The request being tried and what the mesh does with it, re-traced on every change. */
export function TracePane({request, typing, result, width, height, palette}: Props) {
  const lines = result === null ? [] : 'error' in result ? [<Text color={palette.warn}>{`cannot trace: ${result.error}`}</Text>] : traceLines(result, palette)
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold inverse={typing} wrap="truncate-end">
        {' Trace'.padEnd(width)}
      </Text>
      <Text wrap={typing ? 'truncate-start' : 'truncate-end'}>
        {'> '}
        {request === '' && !typing ? <Text dimColor>press / to type a request: curl https://httpbin.org/get</Text> : request}
        {typing ? '▏' : ''}
      </Text>
      {lines.slice(0, height - 2).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  )
}

function traceLines({trace}: Extract<TraceResult, {trace: unknown}>, palette: Palette): ReactNode[] {
  const o = trace.outcome
  const verdict =
    o.verdict === 'allow' ? (
      <Text color={palette.ok} bold>
        ALLOW
      </Text>
    ) : o.verdict === 'deny' ? (
      <Text color={palette.bad} bold>
        DENY
      </Text>
    ) : (
      <Text color={palette.warn} bold>
        UNSUPPORTED
      </Text>
    )
  return [
    <Text>
      {verdict}
      {` — ${describeReason(o.because)}`}
    </Text>,
    <Text>{`decided by ${trace.decidedBy ? originText(trace.decidedBy) : 'nothing in the input: the absence of a rule'}`}</Text>,
    <Text dimColor>{`client sees ${clientSees(o, trace.request)}`}</Text>,
    ...(trace.upstream ? [<Text dimColor>{`reaches ${trace.upstream}${trace.via.length ? ` via ${trace.via.join(' → ')}` : ''} (TLS: ${trace.tls})`}</Text>] : []),
    ...trace.nearMisses.map((n) => (
      <Text>
        <Text color={palette.warn}>near miss </Text>
        {`${n.rule.kind} ${n.rule.name} (${originText(n.rule.origin)}): ${n.mismatch.field} wants ${n.mismatch.wanted}, got ${n.mismatch.got}${n.hint ? ` — ${describeReason(n.hint)}` : ''}`}
      </Text>
    )),
  ]
}
