import {requestFrom} from '../request/index.js'
import type {Request} from '../request/types.js'
import type {MeshTable} from '../rules/types.js'
import {hiddenServiceNearMisses} from './hidden-services.js'
import {runTrace, type TraceOptions} from './run.js'
import type {NearMiss, RuleRef, Trace} from './types.js'

export type {TraceOptions}

/**
 * Traces one request through a compiled table. ServiceEntries for the request that the client does not see
 * are near misses (hidden-services.ts). When a curl request is denied but the same request with the
 * other scheme (http ↔ https, default port) would be allowed, that is reported as a near miss with the
 * rule that would have allowed it — the most common egress mistake is the scheme.
 */
export function trace(table: MeshTable, request: Request, opts: TraceOptions = {}): Trace {
  const traced = runTrace(table, request, opts)
  const hidden = hiddenServiceNearMisses(table, request)
  const result = hidden.length ? {...traced, nearMisses: [...traced.nearMisses, ...hidden]} : traced
  if (result.outcome.verdict !== 'deny') return result
  const other = otherScheme(request)
  if (!other) return result
  const alt = runTrace(table, other.request, opts)
  if (alt.outcome.verdict !== 'allow') return result
  const rule = decidingRule(alt)
  if (!rule) return result
  const miss: NearMiss = {
    rule,
    mismatch: {field: 'scheme', wanted: other.scheme, got: request.protocol},
    hint: {code: other.scheme === 'https' ? 'TRY_HTTPS' : 'TRY_HTTP', url: other.url, noScheme: !/^\s*(curl\s.*)?\bhttps?:\/\//.test(request.typed)},
  }
  return {...result, nearMisses: [miss, ...result.nearMisses]}
}

function otherScheme(r: Request): {scheme: 'http' | 'https'; url: string; request: Request} | null {
  if ((r.client !== 'curl' && r.client !== 'url') || !r.http) return null
  const scheme = r.protocol === 'http' ? 'https' : r.protocol === 'https' ? 'http' : null
  if (!scheme) return null
  const host = r.host.includes(':') ? `[${r.host}]` : r.host
  const url = `${scheme}://${host}${r.http.path}`
  const words = ['curl', '-X', r.http.method, url]
  if (r.ip) words.push('--resolve', `${r.host}:${scheme === 'https' ? 443 : 80}:${r.ip}`)
  const parsed = requestFrom(words)
  return parsed.ok ? {scheme, url, request: parsed.value} : null
}

/** The rule credited with the alternative's verdict: the last rule the client's sidecar chose. */
function decidingRule(t: Trace): RuleRef | null {
  const steps = t.hops[0]?.steps ?? []
  for (let i = steps.length - 1; i >= 0; i--) {
    const chose = steps[i].chose
    if (chose && chose.kind !== 'capture' && chose.kind !== 'listener' && chose.kind !== 'cluster') return chose
  }
  return null
}
