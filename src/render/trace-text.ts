import type {Diagnostic} from '../model/diagnostic.js'
import {formatDiagnostic} from '../model/diagnostic.js'
import type {Origin} from '../model/source.js'
import type {Trace} from '../../sim/trace/types.js'
import {clientSees} from './client-sees.js'
import {missingRule} from './missing-rule.js'
import {describeReason} from './reasons.js'
import type {Style} from './style.js'

export interface TraceTextOptions {
  /** Columns the text should fit; the request's assumed defaults fold into one line of this width. */
  width?: number
  /** List every assumed default instead of folding them. */
  verbose?: boolean
  /** Objects in the input the simulated mesh does not read, counted so they are never dropped silently. */
  ignored?: string
}

/** The human-readable trace: the request as understood, each hop, the verdict and what decided it. */
export function traceToText(trace: Trace, style: Style, warnings: Diagnostic[] = [], opts: TraceTextOptions = {}): string {
  const out: string[] = []
  const r = trace.request
  const label = (s: string) => style.bold(s.padEnd(10))
  out.push(`${label('Request')}${r.typed}`)
  out.push(`${' '.repeat(10)}${describeRequest(trace)}`)
  if (r.defaults.length > 0) out.push(`${' '.repeat(10)}${style.dim(assumedDefaults(r.defaults, opts.verbose ? Infinity : (opts.width ?? Infinity) - 10))}`)
  out.push(`${label('Client')}${trace.client} (${trace.mesh})`)
  for (const a of trace.assumptions) out.push(`${label('Assumed')}${a.says}`)
  for (const rej of trace.rejections)
    out.push(`${label('Rejected')}${rej.proxy}: ${rej.what}: ${rej.message}${rej.origins.length ? ' — ' + rej.origins.map(originText).join(', ') : ''}`)
  for (const w of warnings) out.push(`${label('Warning')}${style.yellow(formatDiagnostic(w))}  [${w.code}]`)
  if (opts.ignored) out.push(`${label('Ignored')}${opts.ignored}`)
  out.push('')
  trace.hops.forEach((hop, i) => {
    out.push(
      style.bold(
        `Hop ${i + 1}  ${hop.proxy ? `${hop.proxy === trace.client ? 'sidecar' : hop.proxy === 'istio-system/ztunnel' ? 'ztunnel' : 'proxy'} ${hop.proxy}` : `pod ${hop.workload} (no proxy)`}`,
      ),
    )
    for (const s of hop.steps) {
      const rule = s.chose ? `${style.cyan(s.chose.name)}  ${style.dim(originText(s.chose.origin))}` : style.dim('—')
      out.push(`  ${s.stage.padEnd(13)} ${rule}`)
      out.push(`  ${' '.repeat(13)} ${describeReason(s.because)}`)
    }
    out.push('')
  })
  const o = trace.outcome
  const verdict = o.verdict === 'allow' ? style.green('ALLOW') : o.verdict === 'deny' ? style.red('DENY') : style.yellow('UNSUPPORTED')
  out.push(`${label('Verdict')}${verdict} — ${describeReason(o.because)}`)
  out.push(`${label('Sees')}${clientSees(o, r)}`)
  if (trace.upstream) out.push(`${label('Upstream')}${trace.upstream}${trace.via.length ? ` via ${trace.via.join(' → ')}` : ''} (TLS: ${trace.tls})`)
  const missing = missingRule(trace)
  if (missing) out.push(`${label('Decided')}${missing}`, `${' '.repeat(10)}${style.dim(`(${trace.decidedBy ? originText(trace.decidedBy) : 'nothing in the input'})`)}`)
  else out.push(`${label('Decided')}${trace.decidedBy ? originText(trace.decidedBy) : 'nothing in the input: the absence of a rule'}`)
  if (trace.nearMisses.length > 0) {
    out.push(style.bold('Near misses'))
    for (const n of trace.nearMisses) {
      const rule = `${n.rule.kind} ${n.rule.name} (${originText(n.rule.origin)})`
      const hint = n.hint ? `: ${describeReason(n.hint)}` : ''
      if (n.mismatch.field === 'scheme') out.push(`  ${rule} would allow this request over ${n.mismatch.wanted}${hint}`)
      else if (n.hint?.code === 'NOT_VISIBLE') out.push(`  ${rule} would take this request, but ${describeReason(n.hint)}${n.setBy ? ` (set by ${originText(n.setBy)})` : ''}`)
      else out.push(`  ${rule} matches except ${n.mismatch.field}: wants ${n.mismatch.wanted}, got ${n.mismatch.got}${hint}`)
    }
  }
  return out.join('\n') + '\n'
}

/**
 * `assumed: a; b; c` in full when it fits (or with -v); otherwise as many as fit on one line and how many
 * more there are — the JSON output and -v always carry all of them.
 */
function assumedDefaults(defaults: readonly string[], room: number): string {
  const all = `assumed: ${defaults.join('; ')}`
  if (all.length <= room) return all
  for (let n = defaults.length - 1; n >= 1; n--) {
    const folded = `assumed: ${defaults.slice(0, n).join('; ')}; … ${defaults.length - n} more (-v lists them)`
    if (folded.length <= room) return folded
  }
  return `assumed: ${defaults.length} defaults (-v lists them)`
}

/** `--short`: one line — verdict, what the client sees, what decided. */
export function traceToShortText(trace: Trace, style: Style): string {
  const o = trace.outcome
  const verdict = o.verdict === 'allow' ? style.green('ALLOW') : o.verdict === 'deny' ? style.red('DENY') : style.yellow('UNSUPPORTED')
  const decided = missingRule(trace) ?? (trace.decidedBy ? originText(trace.decidedBy) : 'nothing in the input: the absence of a rule')
  return `${verdict}  ${clientSees(o, trace.request)}  decided by ${decided}\n`
}

function describeRequest(trace: Trace): string {
  const r = trace.request
  const parts = [`${r.protocol} to ${r.host}:${r.port}`]
  if (r.ip) parts.push(`address ${r.ip}`)
  if (r.sni) parts.push(`SNI ${r.sni}`)
  if (r.http) parts.push(`${r.http.method} ${r.http.path}, Host ${r.http.authority}, HTTP/${r.http.version}`)
  if (r.serverFirst) parts.push('client waits for the server to speak first')
  return parts.join(', ')
}

export function originText(o: Origin): string {
  if (o.from === 'default') return `default: ${o.says}`
  const ns = o.ref.namespace ? `${o.ref.namespace}/` : ''
  return `${o.ref.kind}/${ns}${o.ref.name} at ${o.source.file}:${o.source.line}`
}
