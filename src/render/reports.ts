import {basename} from 'node:path'
import type {DiffReport} from '../diff/index.js'
import type {Explanation} from '../explain/types.js'
import type {StepResult} from '../scenario/types.js'
import type {SarifResult} from './sarif.js'
import {originText} from './trace-text.js'
import {refString} from '../model/source.js'

/** explain's findings as SARIF results: each at the file:line of the object or field it is about. */
export function explainResults(e: Explanation): SarifResult[] {
  return e.findings.map((d) => ({
    code: d.code,
    level: d.severity,
    message: `${d.object ? `${d.object.kind}/${d.object.namespace ? d.object.namespace + '/' : ''}${d.object.name}: ` : ''}${d.field ? d.field + ': ' : ''}${d.message}${d.hint ? ` (fix: ${d.hint})` : ''}`,
    file: d.source.file,
    line: d.source.line,
    column: d.source.column,
    ...(d.related
      ? {
          related: {
            file: d.related.source.file,
            line: d.related.source.line,
            column: d.related.source.column,
            message: `set by ${refString(d.related.object)}${d.related.field ? `: ${d.related.field}` : ''}`,
          },
        }
      : {}),
  }))
}

/** test's failed expectations (TEST_EXPECTATION_FAILED) and steps that could not run (TEST_STEP_ERROR), at the step's line. */
export function testResults(steps: readonly StepResult[]): SarifResult[] {
  return steps
    .filter((s) => s.status !== 'pass')
    .map((s) => ({
      code: s.status === 'fail' ? 'TEST_EXPECTATION_FAILED' : 'TEST_STEP_ERROR',
      level: 'error' as const,
      message: `step ${s.index}: ${s.name}: ${[...s.differences.map((d) => `${d.field}: expected ${show(d.expected)}, got ${show(d.actual)}`), ...s.errors].join('; ')}`,
      file: s.file,
      line: s.line,
    }))
}

/** diff's newly allowed (DIFF_NEWLY_ALLOWED) and newly denied (DIFF_NEWLY_DENIED) requests, at the rule that decides after the change. */
export function diffResults(report: DiffReport): SarifResult[] {
  return report.changes
    .filter((c) => c.kind !== 'changed' && c.decidedAfter?.from === 'resource')
    .map((c) => ({
      code: c.kind === 'newly-allowed' ? 'DIFF_NEWLY_ALLOWED' : 'DIFF_NEWLY_DENIED',
      level: c.kind === 'newly-allowed' ? ('warning' as const) : ('note' as const),
      message: `${c.identity}: ${c.request.command} is ${c.kind === 'newly-allowed' ? 'newly allowed' : 'newly denied'}`,
      file: c.decidedAfter!.from === 'resource' ? c.decidedAfter!.source.file : '',
      line: c.decidedAfter!.from === 'resource' ? c.decidedAfter!.source.line : 0,
    }))
}

/** diff as Markdown for a pull-request comment: a table of changes per client identity. */
export function diffToMarkdown(report: DiffReport): string {
  const out = [`## Egress reachability diff (${report.mesh})`, '', `Compared ${report.classes} request classes for ${report.identities.length} client identities.`, '']
  if (report.changes.length === 0) return [...out, 'No reachability changed.'].join('\n') + '\n'
  out.push('| | Client | Request | Before | After | Decided after |', '|---|---|---|---|---|---|')
  for (const c of report.changes) {
    const mark = c.kind === 'newly-allowed' ? '🟥 newly allowed' : c.kind === 'newly-denied' ? '🟨 newly denied' : '🔷 changed'
    out.push(
      `| ${mark} | \`${c.identity}\` | \`${cell(c.request.command)}\` | ${c.before.verdict} | ${c.after.verdict} | ${c.decidedAfter ? cell(originText(c.decidedAfter)) : ''} |`,
    )
  }
  return out.join('\n') + '\n'
}

/** test as Markdown: the tally, then each step that did not pass with what it expected. */
export function testToMarkdown(steps: readonly StepResult[], scenarios: number): string {
  const failed = steps.filter((s) => s.status !== 'pass')
  const out = [
    `## Egress scenario tests`,
    '',
    `${scenarios} scenario${scenarios === 1 ? '' : 's'}, ${steps.length} steps: ${steps.length - failed.length} passed, ${failed.length} did not.`,
    '',
  ]
  if (failed.length === 0) return out.join('\n') + '\n'
  out.push('| Step | Where | Expected | Got |', '|---|---|---|---|')
  for (const s of failed) {
    const diffs = s.differences.length ? s.differences : [{field: 'step', expected: 'to run', actual: s.errors.join('; ')}]
    for (const d of diffs) out.push(`| ${cell(`${s.index}: ${s.name}`)} | \`${basename(s.file)}:${s.line}\` ${d.field} | ${cell(show(d.expected))} | ${cell(show(d.actual))} |`)
  }
  return out.join('\n') + '\n'
}

function show(v: unknown): string {
  return v === undefined || v === null ? 'no value' : typeof v === 'string' ? v : JSON.stringify(v)
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}
