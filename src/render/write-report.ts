import type {Resource} from '../model/resource.js'
import type {WriteReport} from '../cluster/write.js'

const name = (r: Resource) => `${r.kind} ${r.metadata.namespace ? r.metadata.namespace + '/' : ''}${r.metadata.name}`

/** One line per object, kubectl-style: `Egress curl/httpbin-443 created (server dry run)`. */
export function writeReportToText(report: WriteReport, dryRun: 'server' | 'client' | 'none'): string {
  const suffix = dryRun === 'none' ? '' : ` (${dryRun} dry run)`
  return report.done.map((d) => `${name(d.resource)} ${d.outcome}${suffix}${d.note ? `; ${d.note}` : ''}\n`).join('')
}

/** After a failure midway: exactly what was written and what was not. */
export function partialFailureLines(report: WriteReport, verb: string): string[] {
  if (!report.failed) return []
  const written = report.done.filter((d) => d.outcome !== 'not found').map((d) => name(d.resource))
  const notWritten = [`${name(report.failed.resource)} (failed)`, ...report.notSent.map(name)]
  return [...report.failed.lines, `${verb}: ${written.length ? written.join(', ') : 'nothing'}; not ${verb}: ${notWritten.join(', ')}`]
}
