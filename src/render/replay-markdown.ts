import type {LineCounts} from '../replay/collect.js'
import type {ReplayedFlow} from '../replay/replay.js'
import {clientSees} from './client-sees.js'
import {flowText, replaySummary} from './replay-json.js'
import {originText} from './trace-text.js'

const cell = (s: string) => s.replace(/\|/g, '\\|')

/** A table for a pull request or a ticket: one row per flow, then the summary. */
export function replayToMarkdown(flows: readonly ReplayedFlow[], lines: LineCounts): string {
  const out = ['| verdict | from | flow | seen | client sees | decided by |', '| --- | --- | --- | ---: | --- | --- |']
  for (const f of flows) {
    const sees = f.trace ? clientSees(f.trace.outcome, f.trace.request) : 'not replayed'
    const decided = f.trace?.decidedBy ? originText(f.trace.decidedBy) : '—'
    out.push(`| ${f.verdict} | ${cell(f.from)} | \`${cell(flowText(f.flow))}\` | ${f.count} | ${cell(sees)} | ${cell(decided)} |`)
  }
  const s = replaySummary(flows, lines)
  out.push('', `**${s.flows} flows**: ${s.allowed} allowed, ${s.denied} denied${s.unsupported ? `, ${s.unsupported} unknown` : ''} (${lines.outbound} outbound access-log lines).`)
  return out.join('\n') + '\n'
}
