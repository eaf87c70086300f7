import {matchedNames} from '../../sim/trace/matched.js'
import type {Trace} from '../../sim/trace/types.js'
import {EXPECTATION_FIELDS, type Difference, type Expectation} from './types.js'

/**
 * The trace's values for exactly the fields the step lists, and those that differ. As in Envoy's
 * router_check_tool, an unlisted field is never checked and `null` asserts that there is no value.
 */
export function checkExpectations(expected: Expectation, trace: Trace): {actual: Expectation; differences: Difference[]} {
  const observed = observe(trace)
  const actual: Record<string, unknown> = {}
  const differences: Difference[] = []
  for (const field of EXPECTATION_FIELDS) {
    if (!(field in expected)) continue
    actual[field] = observed[field] ?? null
    if (JSON.stringify(observed[field] ?? null) !== JSON.stringify(expected[field])) differences.push({field, expected: expected[field], actual: observed[field] ?? null})
  }
  return {actual: actual as Expectation, differences}
}

/** A trace as the fields of the trace JSON contract (shared/conformance/README.md). */
function observe(t: Trace): Expectation {
  const d = t.decidedBy
  const ownHop = t.hops.find((h) => h.proxy !== null && h.workload === t.client)
  return {
    verdict: t.outcome.verdict,
    curlExit: t.outcome.curlExit,
    status: t.outcome.status,
    afterSeconds: t.outcome.afterSeconds,
    upstream: t.upstream,
    via: t.via,
    tls: t.tls,
    decidedBy: d?.from === 'resource' ? `${d.ref.kind}/${d.ref.namespace}/${d.ref.name}` : null,
    ...(ownHop ? matchedNames(ownHop) : {}),
  }
}
