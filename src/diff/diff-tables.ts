import type {MeshTable} from '../../sim/rules/types.js'
import {trace} from '../../sim/trace/index.js'
import type {Trace} from '../../sim/trace/types.js'
import type {Origin} from '../model/source.js'
import {requestClasses, type RequestClass} from './request-classes.js'

/** What the client gets for a request: the fields of the trace JSON contract that describe reachability. */
export interface Reach {
  verdict: Trace['outcome']['verdict']
  status?: number
  curlExit?: number
  afterSeconds?: number
  upstream: string | null
  via: string[]
  tls: Trace['tls']
}

export interface Change {
  identity: string
  kind: 'newly-allowed' | 'newly-denied' | 'changed'
  request: Omit<RequestClass, 'request'>
  before: Reach
  after: Reach
  /** The Reach fields that differ. */
  fields: Array<keyof Reach>
  decidedBefore: Origin | null
  decidedAfter: Origin | null
}

const FIELDS: Array<keyof Reach> = ['verdict', 'status', 'curlExit', 'afterSeconds', 'upstream', 'via', 'tls']

/**
 * Traces one representative of every request class through both tables and keeps those whose Reach
 * differs. A class that differs only in HTTP/1.0 vs 1.1 in exactly the same way is reported once.
 */
export function diffTables(identity: string, before: MeshTable, after: MeshTable): {changes: Change[]; classes: number; notes: string[]} {
  const {classes, notes} = requestClasses(before, after)
  const changes: Change[] = []
  const seen = new Set<string>()
  for (const c of classes) {
    const tb = trace(before, c.request)
    const ta = trace(after, c.request)
    const b = reachOf(tb)
    const a = reachOf(ta)
    const fields = FIELDS.filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]))
    if (fields.length === 0) continue
    const sameAs = JSON.stringify([c.scheme === 'http/1.0' ? 'http' : c.scheme, c.host, c.port, c.ip, c.path, c.method, b, a])
    if (seen.has(sameAs)) continue
    seen.add(sameAs)
    const {request: _, ...request} = c
    const kind = a.verdict === 'allow' && b.verdict !== 'allow' ? 'newly-allowed' : b.verdict === 'allow' && a.verdict !== 'allow' ? 'newly-denied' : 'changed'
    changes.push({identity, kind, request, before: b, after: a, fields, decidedBefore: tb.decidedBy, decidedAfter: ta.decidedBy})
  }
  return {changes, classes: classes.length, notes}
}

export function reachOf(t: Trace): Reach {
  const o = t.outcome
  return {
    verdict: o.verdict,
    ...(o.status !== undefined ? {status: o.status} : {}),
    ...(o.curlExit !== undefined ? {curlExit: o.curlExit} : {}),
    ...(o.afterSeconds !== undefined ? {afterSeconds: o.afterSeconds} : {}),
    upstream: t.upstream,
    via: t.via,
    tls: t.tls,
  }
}
