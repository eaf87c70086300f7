import type {ClientExplanation, Explanation} from '../explain/types.js'
import {formatDiagnostic, formatRelated} from '../model/diagnostic.js'
import {noReachWords, sentenceWords} from './explain-words.js'
import type {Style} from './style.js'

/** explain as terminal text: per client what it may reach and what happens to the rest, then the findings. */
export function explanationToText(e: Explanation, style: Style): string {
  const out: string[] = []
  for (const c of e.clients) out.push(...client(c, e.mesh, style), '')
  out.push(style.bold('Findings'))
  if (e.findings.length === 0) out.push('  none')
  for (const d of e.findings) {
    const line = formatDiagnostic(d)
    out.push(`  ${d.severity === 'error' ? style.red(line) : style.yellow(line)}  [${d.code}]`)
    const setBy = formatRelated(d)
    if (setBy) out.push(`      set by: ${setBy}`)
    if (d.hint) out.push(`      fix: ${d.hint}`)
  }
  return out.join('\n') + '\n'
}

function client(c: ClientExplanation, mesh: string, style: Style): string[] {
  const out = [style.bold(`${c.client}`) + style.dim(` (${mesh}, ${c.proxy ? `sidecar ${c.proxy}` : 'no sidecar'})`)]
  const line = (s: Parameters<typeof sentenceWords>[0]) => {
    const w = sentenceWords(s)
    const mark = w.mark === 'allow' ? style.green('✔') : w.mark === 'deny' ? style.red('✘') : style.yellow('?')
    return [`    ${mark} ${w.traffic}: ${w.verdict}`, `      ${style.dim(`${w.cite}${s.request ? ` — traced: ${s.request}` : ''}`)}`]
  }
  out.push('  May reach:')
  if (c.reaches.length === 0) out.push(`    ${noReachWords(c)}`)
  for (const s of c.reaches) out.push(...line(s))
  if (c.notEnforced?.wouldApply.length) {
    out.push('  With a sidecar, the policies would apply:')
    for (const s of c.notEnforced.wouldApply) out.push(...line(s))
  }
  out.push('  Everything else:')
  for (const s of c.otherwise) out.push(...line(s))
  for (const n of c.notes) out.push(`  ${style.dim(`assumed: ${n}`)}`)
  return out
}
