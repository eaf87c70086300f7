import type {DiffReport, Reach} from '../diff/index.js'
import type {Style} from './style.js'
import {originText} from './trace-text.js'

/** Changes per identity: what the request is, how it was answered before and after, and which rule decided. */
export function diffToText(report: DiffReport, style: Style): string {
  const out = [`Compared ${report.classes} request classes for ${report.identities.length} client identit${report.identities.length === 1 ? 'y' : 'ies'} (${report.mesh})`]
  for (const id of report.identities) {
    const mine = report.changes.filter((c) => c.identity === id)
    if (mine.length === 0) continue
    out.push('', style.bold(id))
    for (const c of mine) {
      const label = c.kind === 'newly-allowed' ? style.red('+ newly allowed') : c.kind === 'newly-denied' ? style.yellow('- newly denied ') : style.cyan('~ changed      ')
      out.push(`  ${label}  ${c.request.command}`)
      out.push(`      before: ${reachText(c.before)}${c.decidedBefore ? style.dim('  ' + originText(c.decidedBefore)) : ''}`)
      out.push(`      after:  ${reachText(c.after)}${c.decidedAfter ? style.dim('  ' + originText(c.decidedAfter)) : ''}`)
    }
  }
  for (const n of report.notes) out.push(style.dim(`note: ${n}`))
  const count = (k: string) => report.changes.filter((c) => c.kind === k).length
  out.push('')
  out.push(
    report.changes.length === 0
      ? 'No reachability changed.'
      : `${report.changes.length} change(s): ${count('newly-allowed')} newly allowed, ${count('newly-denied')} newly denied, ${count('changed')} changed outcome`,
  )
  return out.join('\n') + '\n'
}

function reachText(r: Reach): string {
  const after = r.afterSeconds !== undefined ? ` after ${r.afterSeconds}s` : ''
  if (r.verdict === 'allow') return `allowed: reaches ${r.upstream}${r.via.length ? ` via ${r.via.join(' → ')}` : ''}, TLS ${r.tls}${after}`
  if (r.verdict === 'unsupported') return 'not modelled by the simulator'
  if (r.status !== undefined) return `denied: HTTP ${r.status} from a proxy${after}`
  return `denied: curl exit ${r.curlExit}${after}`
}
