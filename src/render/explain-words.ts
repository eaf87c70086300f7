import type {ClientExplanation, Sentence, Traffic} from '../explain/types.js'
import type {Origin} from '../model/source.js'

/** The words of one explain sentence, shared by the text and markdown renderers. */
export interface Words {
  /** "allowed" | "denied" | "unconfirmed" */
  mark: 'allow' | 'deny' | 'unknown'
  traffic: string
  verdict: string
  cite: string
}

export function sentenceWords(s: Sentence): Words {
  const mark = s.outcome?.verdict === 'allow' ? 'allow' : s.outcome?.verdict === 'deny' ? 'deny' : 'unknown'
  const cites = [s.rule, s.decidedBy].filter((o, i, all): o is Origin => o !== null && all.findIndex((x) => x && same(x, o)) === i)
  return {mark, traffic: trafficWords(s.what), verdict: verdictWords(s), cite: cites.map(originWords).join('; ') || 'no rule: the proxy default'}
}

export function trafficWords(t: Traffic): string {
  const proto = t.protocol.toUpperCase()
  if (t.protocol === 'tcp') {
    if (t.other) return `TCP to any other address or port (probed on port ${t.port})`
    return `TCP to ${t.addresses.length ? t.addresses.join(', ') : 'any address'} on port ${t.port}`
  }
  if (t.host === '*') return `${proto} to any other host on port ${t.port}`
  const methods = t.methods?.length ? ` ${t.methods.join('|')}` : ''
  const conditions = [...(t.paths ?? []).map((p) => `path ${p}`), ...(t.headers ?? []).map((h) => `header ${h}`)]
  const where = t.addresses.length ? ` (addresses ${t.addresses.join(', ')})` : ''
  return `${proto}${methods} to ${t.host}:${t.port}${where}${conditions.length ? `, ${conditions.join(', ')}` : ''}`
}

function verdictWords(s: Sentence): string {
  const o = s.outcome
  if (!o) return 'not confirmed: no request satisfying this rule could be built to trace'
  const after = o.afterSeconds !== undefined ? ` after ${o.afterSeconds} s` : ''
  if (o.verdict === 'unsupported') return `not modelled by the simulator (${o.because.code})`
  if (o.verdict === 'allow') {
    const via = s.via.length ? ` through ${s.via.join(' → ')}` : ''
    const tls = s.tls === 'originated' ? ', the proxy originates TLS' : s.tls === 'passthrough' ? ', TLS passed through' : ''
    if (s.upstream && s.upstream !== s.destination) return `allowed, but sent to ${s.upstream}${via}${tls}${after}`
    return `${s.what.other ? 'passes through to the destination' : 'allowed'}${via}${tls}${after}`
  }
  if (o.status !== undefined) return `denied: HTTP ${o.status} from the proxy${o.responseFlag ? ` (${o.responseFlag})` : ''}${after}`
  const how: Record<number, string> = {
    7: 'refused',
    28: 'dropped, times out',
    35: 'reset during the TLS handshake',
    52: 'closed without a reply',
    56: 'reset',
    60: 'answered by a server whose certificate names another host',
  }
  if (o.curlExit !== undefined) return `denied: connection ${how[o.curlExit] ?? 'fails'} (curl exit ${o.curlExit})${after}`
  return `denied${after}`
}

/** What a client may reach when no policy opens anything: not enforced (no sidecar), or nothing. */
export function noReachWords(c: ClientExplanation): string {
  if (c.notEnforced) return `anything: not enforced: no sidecar (${originWords(c.notEnforced.setting)})`
  return 'nothing: no policy names a destination for this client'
}

export function originWords(o: Origin): string {
  if (o.from === 'default') return `default: ${o.says}`
  return `${o.ref.kind}/${o.ref.namespace ? `${o.ref.namespace}/` : ''}${o.ref.name} at ${o.source.file}:${o.source.line}`
}

function same(a: Origin, b: Origin): boolean {
  return originWords(a) === originWords(b)
}
