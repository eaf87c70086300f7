import {performance} from 'node:perf_hooks'
import {trace} from '../../sim/trace/index.js'
import {formatDiagnostic, type Diagnostic} from '../model/diagnostic.js'
import type {Resource} from '../model/resource.js'
import {tableFor} from '../pipeline.js'
import {validate} from '../validate/index.js'
import {applyResources, deleteResources} from './cluster-state.js'
import {exercisedRules, tableRules} from './coverage.js'
import {checkExpectations} from './expectations.js'
import type {CoverageRule, Scenario, ScenarioResult, StepResult, TraceStep} from './types.js'

/**
 * Replays a scenario in-process: apply and delete change the cluster state; each trace step validates,
 * compiles and traces against the state at that point, and checks the step's expectations.
 */
export function runScenario(scenario: Scenario): ScenarioResult {
  const steps: StepResult[] = []
  const rules = new Map<string, CoverageRule>()
  const exercised = new Set<string>()
  for (const {step, state, problems} of traceStates(scenario)) steps.push(runTraceStep(scenario, step, state, problems, rules, exercised))
  return {scenario, steps, rules: [...rules.values()], exercised}
}

/**
 * Each trace step with the cluster state it runs against (after the applies and deletes before it), and
 * the deletes since the previous trace step that named no object.
 */
export function* traceStates(scenario: Scenario): Generator<{step: TraceStep; state: Resource[]; problems: string[]}> {
  let state: Resource[] = scenario.resources
  let problems: string[] = []
  for (const step of scenario.steps) {
    if (step.kind === 'apply') state = applyResources(state, step.resources)
    else if (step.kind === 'delete') {
      const result = deleteResources(
        state,
        step.refs.map((r) => r.ref),
      )
      state = result.state
      problems.push(...result.missing.map((ref) => `${scenario.file}:${step.refs.find((r) => r.ref === ref)!.line}: delete: ${ref} not found`))
    } else {
      yield {step, state, problems}
      problems = []
    }
  }
}

function runTraceStep(scenario: Scenario, step: TraceStep, state: Resource[], earlier: string[], rules: Map<string, CoverageRule>, exercised: Set<string>): StepResult {
  const started = performance.now()
  const base = {scenario: scenario.name, file: scenario.file, index: step.index, name: step.name, line: step.line, expected: step.expect}
  // Like kubectl apply with nothing to apply, a trace against no objects at all checks nothing.
  const empty = state.length === 0 ? [`${scenario.file}:${step.line}: no objects: files: and resources: loaded nothing before this step`] : []
  const errors = [
    ...earlier,
    ...empty,
    ...validate({resources: state}, {istioVersion: scenario.istioVersion})
      .filter((d: Diagnostic) => d.severity === 'error')
      .map(formatDiagnostic),
  ]
  if (errors.length > 0) return {...base, status: 'error', actual: {}, differences: [], errors, trace: null, seconds: (performance.now() - started) / 1000}
  const table = tableFor({resources: state}, scenario.mesh, step.from, undefined, scenario.istioVersion)
  const result = trace(table, step.request, {upstreamDelaySeconds: step.upstreamDelaySeconds})
  for (const rule of tableRules(table)) rules.set(rule.key, rule)
  for (const key of exercisedRules(result)) exercised.add(key)
  const {actual, differences} = checkExpectations(step.expect, result)
  const status = differences.length === 0 ? 'pass' : 'fail'
  return {...base, status, actual, differences, errors: [], trace: result, seconds: (performance.now() - started) / 1000}
}
