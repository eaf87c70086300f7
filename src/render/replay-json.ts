import type {Flow} from '../replay/flow.js'
import type {LineCounts} from '../replay/collect.js'
import type {ReplayedFlow} from '../replay/replay.js'
import {clientSees} from './client-sees.js'
import {describeReason} from './reasons.js'
import {originJson} from './trace-json.js'

export interface ReplaySummary {
  flows: number
  allowed: number
  denied: number
  unsupported: number
  lines: LineCounts
}

export function replaySummary(flows: readonly ReplayedFlow[], lines: LineCounts): ReplaySummary {
  const count = (v: string) => flows.filter((f) => f.verdict === v).length
  return {flows: flows.length, allowed: count('allow'), denied: count('deny'), unsupported: count('unsupported'), lines}
}

/** `{"flows":[{"from","request","count","verdict",…}],"summary":{"flows","allowed","denied",…}}`. */
export function replayToJson(flows: readonly ReplayedFlow[], lines: LineCounts): Record<string, unknown> {
  return {
    flows: flows.map((f) => ({
      from: f.from,
      ...(f.workload ? {workload: f.workload} : {}),
      pods: f.pods,
      request: f.flow ? requestJson(f.flow) : null,
      typed: f.trace?.request.typed ?? null,
      count: f.count,
      verdict: f.verdict,
      clientSees: f.trace ? clientSees(f.trace.outcome, f.trace.request) : 'not replayed: the log does not say what was asked',
      because: f.trace ? describeReason(f.trace.outcome.because) : null,
      decidedBy: f.trace?.decidedBy ? originJson(f.trace.decidedBy) : null,
      notInLog: f.missing,
      assumed: f.assumed,
      firstSeen: f.first,
    })),
    summary: replaySummary(flows, lines),
  }
}

function requestJson(f: Flow): Record<string, unknown> {
  const destination = {...(f.destination.ip !== undefined ? {ip: f.destination.ip} : {}), ...(f.destination.port !== undefined ? {port: f.destination.port} : {})}
  if (f.kind === 'http') return {protocol: 'http', method: f.method, authority: f.authority, path: f.path, version: f.protocol, destination}
  return f.kind === 'tls' ? {protocol: 'tls', sni: f.sni, destination} : {protocol: 'tcp', destination}
}

/** One line naming the flow: "GET http://httpbin.org/get", "TLS httpbin.org (10.0.0.1:443)", "TCP 10.0.0.1:5432". */
export function flowText(f: Flow | undefined): string {
  if (!f) return '(unknown destination)'
  const to = f.destination.ip !== undefined || f.destination.port !== undefined ? `${f.destination.ip ?? '?'}:${f.destination.port ?? '?'}` : ''
  if (f.kind === 'http') return `${f.method} http://${f.authority}${f.path}${to ? ` (${to})` : ''}`
  return f.kind === 'tls' ? `TLS ${f.sni}${to ? ` (${to})` : ''}` : `TCP ${to}`
}
