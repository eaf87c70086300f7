import {compile} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import type {Trace} from '../../sim/trace/types.js'
import {traceExitStatus} from '../../src/cli/exit.js'
import {parseResources} from '../../src/load/parse.js'
import {formatDiagnostic, hasErrors, type Diagnostic} from '../../src/model/diagnostic.js'
import type {ModelSet} from '../../src/model/set.js'
import {traceToJson} from '../../src/render/trace-json.js'
import {accepted, validate} from '../../src/validate/index.js'
import type {FuzzCase} from './generate.js'

export const FILE = 'fuzz.yaml'

/** A broken promise of the product's contract (not a thrown error): what was expected, and what was seen. */
export class Violation extends Error {}

function must(ok: boolean, what: string): void {
  if (!ok) throw new Violation(what)
}

/**
 * One case through load → validate → compile → trace as `trace -f` runs them (and, for a set validation
 * rejects, as `edit` and `explain` do: the accepted objects only). Throws whatever the pipeline throws, or a
 * Violation of an invariant taken from the documented contract.
 */
export function checkCase(c: FuzzCase): {verdict: string | null} {
  const lines = c.text.split('\n').length
  const {set, diagnostics} = loaded(c.text)
  for (const d of diagnostics) checkDiagnostic(d, lines)
  const [namespace, serviceAccount] = c.from.split('/')
  const request = requestFrom(c.request)
  if (!request.ok) {
    // Bad input is one line, never a stack (../shared/STYLE.md; HELPERS.md "Standards").
    must(/^REQUEST_/.test(request.error.code), `request error code ${request.error.code}`)
    must(request.error.message !== '' && !request.error.message.includes('\n'), `request error message ${JSON.stringify(request.error.message)}`)
    return {verdict: null}
  }
  // A rejected set never reaches trace (exit 2); the editor and explain compile what validation accepted.
  const live = hasErrors(diagnostics) ? accepted(set, diagnostics) : set
  const table = compile(live, {mesh: c.mesh, namespace, serviceAccount, osmVersion: '1.2'})
  const t = trace(table, request.value, {upstreamDelaySeconds: 5})
  checkTrace(t, lines)
  return {verdict: t.outcome.verdict}
}

/** Unmutated seed sets recur in every fifth case: they are loaded and validated once (loaded objects never change). */
const seen = new Map<string, {set: ModelSet; diagnostics: Diagnostic[]}>()

function loaded(text: string): {set: ModelSet; diagnostics: Diagnostic[]} {
  const known = seen.get(text)
  if (known) return known
  const parsed = parseResources(text, FILE)
  const set: ModelSet = {resources: parsed.resources}
  const result = {set, diagnostics: [...parsed.diagnostics, ...validate(set)]}
  if (seen.size < 64) seen.set(text, result)
  return result
}

/** "One clear line naming file, line and field" for every problem found in the input. */
function checkDiagnostic(d: Diagnostic, lines: number): void {
  must(d.source.file === FILE, `diagnostic names file ${d.source.file}`)
  must(Number.isInteger(d.source.line) && d.source.line >= 0 && d.source.line <= lines + 1, `diagnostic at line ${d.source.line} of ${lines}: ${d.message}`)
  const text = formatDiagnostic(d)
  must(!/\n\s+at /.test(text) && d.message.trim() !== '', `diagnostic is not one clean message: ${JSON.stringify(text.slice(0, 200))}`)
}

/** The trace JSON contract of ../shared/conformance/README.md, as invariants over one trace. */
function checkTrace(t: Trace, lines: number): void {
  const o = t.outcome
  must(['allow', 'deny', 'unsupported'].includes(o.verdict), `verdict ${o.verdict}`)
  must([0, 1, 3].includes(traceExitStatus(o.verdict)), `exit status ${traceExitStatus(o.verdict)} for ${o.verdict}`)
  if (o.verdict === 'allow') {
    // "allow" is the destination's own answer reaching the client: it goes somewhere, through a rule or a
    // stated default, and no proxy answered in its place.
    must(t.upstream !== null, 'allow with upstream null')
    must(t.decidedBy !== null, 'allow with no decidedBy origin')
    must(o.status === undefined && o.curlExit === undefined, `allow with a proxy status ${o.status} / curl exit ${o.curlExit}`)
  }
  // "deny": refused, reset, a proxy-made status, a timeout — the client sees a status or a curl exit code.
  if (o.verdict === 'deny') must(o.status !== undefined || o.curlExit !== undefined, 'deny with neither status nor curlExit')
  if (o.status !== undefined) must(Number.isInteger(o.status) && o.status >= 400 && o.status <= 599, `proxy status ${o.status}`)
  if (o.curlExit !== undefined) must(Number.isInteger(o.curlExit) && o.curlExit > 0, `curlExit ${o.curlExit}`)
  if (o.afterSeconds !== undefined) must(Number.isFinite(o.afterSeconds) && o.afterSeconds >= 0, `afterSeconds ${o.afterSeconds}`)
  must(['originated', 'passthrough', 'none'].includes(t.tls), `tls ${t.tls}`)
  must(
    t.via.every((v) => /^[^/\s]+\/[^/\s]+$/.test(v)),
    `via ${JSON.stringify(t.via)}`,
  )
  if (t.upstream !== null) must(/:\d+$/.test(t.upstream), `upstream ${t.upstream}`)
  const d = t.decidedBy
  if (d?.from === 'resource') {
    // decidedBy's file and line point into the input the user gave.
    must(d.source.file === FILE && d.source.line >= 1 && d.source.line <= lines, `decidedBy at ${d.source.file}:${d.source.line} of ${lines} lines`)
  }
  JSON.stringify(traceToJson(t))
}
