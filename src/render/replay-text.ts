import type {LineCounts} from '../replay/collect.js'
import type {ReplayedFlow} from '../replay/replay.js'
import {clientSees} from './client-sees.js'
import {flowText, replaySummary} from './replay-json.js'
import type {Style} from './style.js'
import {originText} from './trace-text.js'

const VERDICT = {allow: 'ALLOW', deny: 'DENY', unsupported: 'UNKNOWN'} as const

/** Per flow: verdict, who, what, how often; what the client sees, what decided, what the log left out. */
export function replayToText(flows: readonly ReplayedFlow[], lines: LineCounts, style: Style): string {
  const out: string[] = []
  for (const f of flows) {
    const verdict = VERDICT[f.verdict]
    const coloured = f.verdict === 'allow' ? style.green(verdict) : f.verdict === 'deny' ? style.red(verdict) : style.yellow(verdict)
    out.push(`${coloured}  ${f.from}${f.workload ? ` (${f.workload})` : ''}  ${flowText(f.flow)}  ×${f.count}`)
    if (f.trace) {
      out.push(`  client sees: ${clientSees(f.trace.outcome, f.trace.request)}`)
      out.push(`  decided by:  ${f.trace.decidedBy ? originText(f.trace.decidedBy) : 'nothing in the input: the absence of a rule'}`)
    } else out.push('  not replayed: the log does not say what was asked')
    for (const m of f.missing) out.push(style.dim(`  not in log:  ${m}`))
    for (const a of f.assumed) out.push(style.dim(`  assumed:     ${a}`))
  }
  const s = replaySummary(flows, lines)
  const unknown = s.unsupported ? `, ${s.unsupported} unknown` : ''
  out.push(
    `${s.flows} flows (${s.allowed} allowed, ${s.denied} denied${unknown}) from ${lines.outbound} outbound access-log lines; ` +
      `skipped ${lines.inbound} inbound, ${lines.other} not access logs, ${lines.otherContainers} from other containers`,
  )
  return out.join('\n') + '\n'
}
