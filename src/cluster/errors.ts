import {formatDiagnostic} from '../model/diagnostic.js'
import type {Resource} from '../model/resource.js'
import {refString} from '../model/source.js'
import {RequestTimeout} from './api.js'
import {NotServed} from './discovery.js'
import {groupOf, productOfGroup} from './kinds.js'

/** What was being done when the error came, so the message can say it. */
export interface Attempt {
  context: string
  server: string
  /** "apply", "delete", "list", … */
  verb: string
  apiVersion?: string
  kind?: string
  /** The object sent, with the positions of the file it came from. */
  object?: Resource
}

interface Status {
  reason?: string
  message?: string
  details?: {name?: string; kind?: string; causes?: Array<{reason?: string; message?: string; field?: string}>}
}

const NETWORK = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EPROTO|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS)/

/**
 * The lines to show for a failed call, one per problem. Only the Status message of an answer and the code
 * of a network error are shown, never an error whole (errors can carry request options): no token or key
 * can reach the terminal.
 */
export function clusterErrorLines(err: unknown, at: Attempt): string[] {
  const e = err as {code?: unknown; body?: unknown; message?: string}
  const what = at.object ? `${at.object.kind} ${refName(at.object)}` : (at.kind ?? 'objects')
  if (typeof e.code === 'string' && NETWORK.test(e.code)) return [`cannot reach the API server ${at.server} of context "${at.context}": ${e.code}`]
  if (err instanceof NotServed) return [crdMissing(err)]
  if (err instanceof RequestTimeout) {
    const doing = at.object || at.kind ? `${at.verb} ${what}` : at.verb
    return [`${doing}: the API server ${at.server} of context "${at.context}" did not answer within ${err.seconds}s (--request-timeout; 0 waits forever)`]
  }
  if (typeof e.code !== 'number') {
    const cause = (err as {cause?: {code?: unknown}}).cause
    if (typeof cause?.code === 'string' && NETWORK.test(cause.code)) return [`cannot reach the API server ${at.server} of context "${at.context}": ${cause.code}`]
    return [`${at.verb} ${what} in context "${at.context}": ${(e.message ?? String(err)).split('\n')[0].slice(0, 200)}`]
  }
  const status = parseStatus(e.body)
  switch (e.code) {
    case 401:
      return [`authentication to context "${at.context}" failed (401 Unauthorized): the kubeconfig's credentials are wrong or expired; log in again`]
    case 403:
      return [`forbidden: ${status.message ?? `cannot ${at.verb} ${what}`} (context "${at.context}")`]
    case 404:
      if (!status.details?.name) return [crdMissing(at)]
      return [`${at.verb} ${what}: ${status.message ?? 'not found'} (context "${at.context}")`]
    case 409:
      return conflictLines(status, at)
    case 422:
      return invalidLines(status, at)
    default:
      return [`${at.verb} ${what}: the API server answered ${e.code} ${status.reason ?? ''}: ${status.message ?? ''}`.trimEnd()]
  }
}

export function crdMissing(at: Pick<Attempt, 'apiVersion' | 'kind'>): string {
  const group = groupOf(at.apiVersion ?? '')
  const product = productOfGroup(group)
  return `the ${at.kind} CRD (${group}) is not installed in this cluster${product ? ` — is ${product} installed?` : ''}`
}

function conflictLines(status: Status, at: Attempt): string[] {
  const causes = (status.details?.causes ?? []).filter((c) => c.reason === 'FieldManagerConflict')
  if (causes.length === 0) return [`conflict: ${status.message ?? ''}`]
  const lines = causes.map((c) => located(at, c.field ?? '', `${c.message ?? 'conflict'}`))
  return [...lines, 'another field manager owns these fields: pass --force-conflicts to take them over']
}

function invalidLines(status: Status, at: Attempt): string[] {
  const causes = status.details?.causes ?? []
  if (causes.length === 0) return [`rejected by the API server: ${status.message ?? ''}`]
  return causes.map((c) => located(at, c.field ?? '', `rejected by the API server: ${c.message ?? c.reason ?? 'invalid'}`))
}

/** `FILE:LINE: KIND/NS/NAME: field: message`, the line being that of the field (or its nearest parent). */
function located(at: Attempt, field: string, message: string): string {
  const r = at.object
  const clean = field.replace(/^\./, '')
  if (!r) return `${clean}: ${message}`
  let pointer = pointerOf(clean)
  while (pointer && !r.positions.has(pointer)) pointer = pointer.slice(0, pointer.lastIndexOf('/'))
  const pos = r.positions.get(pointer)
  const source = pos ? {file: r.source.file, line: pos[0], column: pos[1], path: pointer} : r.source
  return formatDiagnostic({code: 'API_REJECTED', severity: 'error', field: clean, message, source, object: r.ref})
}

/** "spec.ports[0].number" → "/spec/ports/0/number"; list keys such as "[number=80]" are dropped. */
export function pointerOf(field: string): string {
  const parts = field.split(/\.|\[([^\]]*)\]/).filter((p) => p !== undefined && p !== '' && !p.includes('='))
  return parts.map((p) => '/' + p.replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

function parseStatus(body: unknown): Status {
  if (typeof body === 'object' && body !== null) return body as Status
  try {
    return JSON.parse(String(body)) as Status
  } catch {
    return {}
  }
}

function refName(r: Resource): string {
  return refString(r.ref).slice(r.kind.length + 1)
}
