import {basename} from 'node:path'
import type {CoverageSummary} from '../scenario/coverage.js'
import type {Difference, StepResult} from '../scenario/types.js'
import type {Style} from './style.js'
import {originText, traceToText} from './trace-text.js'

/** One line per step; a failing step lists each expectation it missed, then the trace that explains it. */
export function testToText(steps: readonly StepResult[], scenarios: number, style: Style): string {
  const out: string[] = []
  for (const s of steps) {
    const label = s.status === 'pass' ? style.green('PASS ') : s.status === 'fail' ? style.red('FAIL ') : style.yellow('ERROR')
    out.push(`${label} ${basename(s.file)}:${s.line}  step ${s.index}: ${s.name}`)
    for (const d of s.differences) out.push(`      ${style.bold(d.field)}: expected ${show(d.expected)}, got ${show(d.actual)}`)
    for (const e of s.errors) out.push(`      ${e}`)
    if (s.status === 'fail' && s.trace) {
      out.push('')
      out.push(
        ...traceToText(s.trace, style)
          .trimEnd()
          .split('\n')
          .map((l) => (l ? `      ${l}` : '')),
      )
      out.push('')
    }
  }
  const count = (status: StepResult['status']) => steps.filter((s) => s.status === status).length
  const errors = count('error')
  out.push('')
  out.push(
    `${scenarios} scenario${scenarios === 1 ? '' : 's'}, ${steps.length} steps: ${count('pass')} passed, ${count('fail')} failed${errors ? `, ${errors} could not run` : ''}`,
  )
  return out.join('\n') + '\n'
}

/** router_check_tool's "Current route coverage", then what no step exercised, per policy. */
export function coverageToText(c: CoverageSummary, style: Style): string {
  const out = [`${style.bold('Coverage')} ${c.exercised}/${c.total} rules exercised (${c.percent.toFixed(1)}%)`]
  for (const g of c.unexercised) {
    out.push(`  ${g.policy} (${g.at})`)
    for (const r of g.rules) out.push(`    ${r.kind} ${r.name}  ${style.dim(`${r.proxy}: ${r.within}, ${originText(r.origin).replace(/^.* at /, 'at ')}`)}`)
  }
  return out.join('\n') + '\n'
}

function show(v: Difference['actual']): string {
  return v === undefined || v === null ? 'no value' : JSON.stringify(v)
}
