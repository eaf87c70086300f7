import type {Diagnostic} from '../model/diagnostic.js'
import type {Origin} from '../model/source.js'
import {matchedNames} from '../../sim/trace/matched.js'
import type {Trace} from '../../sim/trace/types.js'
import {clientSees} from './client-sees.js'
import {missingRule} from './missing-rule.js'
import {describeReason} from './reasons.js'

/** The trace as the JSON contract of shared/conformance/README.md, plus the full decision record. */
export function traceToJson(trace: Trace, warnings: Diagnostic[] = []): Record<string, unknown> {
  const o = trace.outcome
  return {
    verdict: o.verdict,
    outcome: {
      ...(o.status !== undefined ? {status: o.status} : {}),
      ...(o.curlExit !== undefined ? {curlExit: o.curlExit} : {}),
      ...(o.afterSeconds !== undefined ? {afterSeconds: o.afterSeconds} : {}),
      ...(o.responseFlag !== undefined ? {responseFlag: o.responseFlag} : {}),
      by: o.by,
      clientSees: clientSees(o, trace.request),
      because: describeReason(o.because),
    },
    upstream: trace.upstream,
    via: trace.via,
    tls: trace.tls,
    decidedBy: trace.decidedBy?.from === 'resource' ? originJson(trace.decidedBy) : null,
    ...(trace.decidedBy?.from === 'default' ? {decidedByDefault: trace.decidedBy.says} : {}),
    ...(missingRule(trace) ? {missingRule: missingRule(trace)} : {}),
    mesh: trace.mesh,
    client: trace.client,
    request: trace.request,
    assumptions: trace.assumptions,
    rejections: trace.rejections.map((r) => ({...r, origins: r.origins.map(originJson)})),
    hops: trace.hops.map((h) => ({
      proxy: h.proxy,
      workload: h.workload,
      ...(h.proxy ? {matched: matchedNames(h)} : {}),
      steps: h.steps.map((s) => ({
        stage: s.stage,
        chose: s.chose ? {kind: s.chose.kind, name: s.chose.name, origin: originJson(s.chose.origin)} : null,
        because: describeReason(s.because),
        reason: s.because,
        candidates: s.candidates.map((c) => ({kind: c.rule.kind, name: c.rule.name, origin: originJson(c.rule.origin), mismatches: c.mismatches})),
      })),
    })),
    nearMisses: trace.nearMisses.map((n) => ({
      kind: n.rule.kind,
      name: n.rule.name,
      origin: originJson(n.rule.origin),
      mismatch: n.mismatch,
      hint: n.hint,
      ...(n.setBy ? {setBy: originJson(n.setBy)} : {}),
    })),
    warnings: warnings.map((d) => ({code: d.code, message: d.message, field: d.field, file: d.source.file, line: d.source.line})),
  }
}

export function originJson(o: Origin | null): Record<string, unknown> | null {
  if (!o) return null
  if (o.from === 'default') return {default: o.says}
  return {kind: o.ref.kind, namespace: o.ref.namespace, name: o.ref.name, file: o.source.file, line: o.source.line, path: o.source.path}
}
