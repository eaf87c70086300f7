import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {runCli, type CliResult} from './cli.js'

export interface StepJson {
  scenario: string
  index: number
  name: string
  passed: boolean
  expected: Record<string, unknown>
  actual: Record<string, unknown>
  errors: string[]
}

/**
 * Runs every scenario file of `dir` through the real CLI (`bin/run.js test FILE -o json`, one run per file)
 * and asserts each trace step: only the fields the step lists are compared, as Envoy's router_check_tool
 * does. No skip list: a scenario that does not pass is a failing test.
 */
export async function describeScenarios(dir: string): Promise<void> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
  const runs: CliResult[] = await Promise.all(files.map((f) => runCli(['test', join(dir, f), '-o', 'json'])))
  files.forEach((file, i) => {
    const run = runs[i]
    const steps: StepJson[] = run.stdout ? (JSON.parse(run.stdout) as {steps: StepJson[]}).steps : []
    describe(`${file}: ${steps[0]?.scenario ?? 'scenario'}`, () => {
      test('the scenario runs', () => {
        expect(run.stderr).toBe('')
        expect(steps.length).toBeGreaterThan(0)
        expect(run.status).toBe(steps.every((s) => s.passed) ? 0 : 1)
      })
      for (const step of steps) {
        test(`step ${step.index}: ${step.name}`, () => {
          expect(step.errors).toEqual([])
          expect(step.actual).toEqual(step.expected)
          expect(step.passed).toBe(true)
        })
      }
    })
  })
}
