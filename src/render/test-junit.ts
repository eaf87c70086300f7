import {basename} from 'node:path'
import type {StepResult} from '../scenario/types.js'
import {plain} from './style.js'
import {traceToText} from './trace-text.js'

/**
 * JUnit XML as CI systems read it (the Ant/Jenkins junit schema): one <testsuite> per scenario file, one
 * <testcase> per trace step; a missed expectation is a <failure> whose body is the trace, a step that could
 * not run (invalid state) an <error>.
 */
export function testToJunit(steps: readonly StepResult[]): string {
  const files = [...new Set(steps.map((s) => s.file))]
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="kubectl-egress test" ${counts(steps)}>`]
  for (const file of files) {
    const mine = steps.filter((s) => s.file === file)
    out.push(`  <testsuite name="${xml(mine[0].scenario)}" ${counts(mine)} file="${xml(file)}">`)
    for (const s of mine) out.push(testcase(s))
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return out.join('\n') + '\n'
}

function testcase(s: StepResult): string {
  const open = `    <testcase name="${xml(`step ${s.index}: ${s.name}`)}" classname="${xml(basename(s.file).replace(/\.ya?ml$/i, ''))}" file="${xml(s.file)}" line="${s.line}" time="${s.seconds.toFixed(3)}"`
  if (s.status === 'pass') return `${open}/>`
  const message =
    s.status === 'fail' ? s.differences.map((d) => `${d.field}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`).join('; ') : s.errors.join('; ')
  const body = s.status === 'fail' && s.trace ? traceToText(s.trace, plain) : s.errors.join('\n')
  const tag = s.status === 'fail' ? 'failure' : 'error'
  return `${open}>\n      <${tag} message="${xml(message)}" type="${s.status === 'fail' ? 'ExpectationFailed' : 'InvalidInput'}">${xml(body)}</${tag}>\n    </testcase>`
}

function counts(steps: readonly StepResult[]): string {
  const n = (status: StepResult['status']) => steps.filter((s) => s.status === status).length
  const time = steps.reduce((t, s) => t + s.seconds, 0)
  return `tests="${steps.length}" failures="${n('fail')}" errors="${n('error')}" skipped="0" time="${time.toFixed(3)}"`
}

/** Escapes for both text and attribute values, and drops characters XML 1.0 cannot carry (ANSI ESC…). */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}
