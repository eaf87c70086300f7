import type {CoverageSummary} from '../scenario/coverage.js'
import type {StepResult} from '../scenario/types.js'
import {originJson, traceToJson} from './trace-json.js'

/** Every step's result with its full trace; coverage when it was asked for. */
export function testToJson(steps: readonly StepResult[], coverage: CoverageSummary | null): Record<string, unknown> {
  return {
    passed: steps.every((s) => s.status === 'pass'),
    steps: steps.map((s) => ({
      scenario: s.scenario,
      file: s.file,
      line: s.line,
      index: s.index,
      name: s.name,
      passed: s.status === 'pass',
      status: s.status,
      expected: s.expected,
      actual: s.actual,
      differences: s.differences,
      errors: s.errors,
      trace: s.trace ? traceToJson(s.trace) : null,
    })),
    ...(coverage
      ? {
          coverage: {
            total: coverage.total,
            exercised: coverage.exercised,
            percent: coverage.percent,
            unexercised: coverage.unexercised.map((g) => ({
              policy: g.policy,
              at: g.at,
              rules: g.rules.map((r) => ({proxy: r.proxy, kind: r.kind, within: r.within, name: r.name, origin: originJson(r.origin)})),
            })),
          },
        }
      : {}),
  }
}
