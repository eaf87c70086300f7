import type {Explanation, Sentence} from '../explain/types.js'
import {formatRelated} from '../model/diagnostic.js'
import {noReachWords, sentenceWords} from './explain-words.js'

/** explain as Markdown for a pull-request comment. */
export function explanationToMarkdown(e: Explanation): string {
  const out: string[] = [`## Egress policy explained (${e.mesh})`, '']
  for (const c of e.clients) {
    out.push(`### \`${c.client}\`${c.proxy ? '' : ' (no sidecar)'}`, '', '**May reach**', '')
    if (c.reaches.length === 0) out.push(`- ${noReachWords(c)}`)
    out.push(...c.reaches.map(item), '')
    if (c.notEnforced?.wouldApply.length) out.push('**With a sidecar, the policies would apply**', '', ...c.notEnforced.wouldApply.map(item), '')
    out.push('**Everything else**', '', ...c.otherwise.map(item), '')
    if (c.notes.length) out.push('<details><summary>Assumptions</summary>', '', ...c.notes.map((n) => `- ${n}`), '', '</details>', '')
  }
  out.push('### Findings', '')
  if (e.findings.length === 0) out.push('No findings.')
  else {
    out.push('| | Code | Where | Problem | Fix |', '|---|---|---|---|---|')
    for (const d of e.findings) {
      const what = d.object ? `${d.object.kind}/${d.object.namespace ? d.object.namespace + '/' : ''}${d.object.name}` : ''
      const setBy = formatRelated(d)
      const where = `\`${d.source.file}:${d.source.line}\` ${what}${d.field ? ` \`${d.field}\`` : ''}${setBy ? `<br>set by \`${setBy}\`` : ''}`
      out.push(`| ${d.severity === 'error' ? '❌' : '⚠️'} | \`${d.code}\` | ${where} | ${cell(d.message)} | ${cell(d.hint ?? '')} |`)
    }
  }
  return out.join('\n') + '\n'
}

function item(s: Sentence): string {
  const w = sentenceWords(s)
  const mark = w.mark === 'allow' ? '✅' : w.mark === 'deny' ? '⛔' : '❔'
  return `- ${mark} ${w.traffic}: **${w.verdict}** — ${w.cite}${s.request ? ` (traced \`${s.request}\`)` : ''}`
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}
