import type {Request} from '../../sim/request/types.js'
import type {Outcome} from '../../sim/trace/types.js'

const CURL_ERRORS: Record<number, (r: Request) => string> = {
  6: (r) => `Could not resolve host: ${r.host}`,
  7: (r) => `Failed to connect to ${r.host} port ${r.port}: Connection refused`,
  28: (r) => `Failed to connect to ${r.host} port ${r.port}: Connection timed out`,
  35: () => 'TLS connect error: the connection was reset or closed during the handshake',
  52: () => 'Empty reply from server',
  56: () => 'Recv failure: Connection reset by peer',
  60: (r) => `SSL: no alternative certificate subject name matches target host name '${r.sni ?? r.host}'`,
}

/** One line saying what the person at the client would see. */
export function clientSees(outcome: Outcome, request: Request): string {
  const after = outcome.afterSeconds !== undefined ? ` after ${outcome.afterSeconds} s` : ''
  if (outcome.verdict === 'unsupported') return 'not modelled: the simulator will not guess'
  if (outcome.verdict === 'allow') return `the destination's own answer${after}`
  if (outcome.status !== undefined) return `HTTP ${outcome.status} made by the proxy${outcome.responseFlag ? ` (${outcome.responseFlag})` : ''}${after}`
  if (outcome.curlExit !== undefined) {
    const words = CURL_ERRORS[outcome.curlExit]?.(request) ?? 'no HTTP response'
    return request.client === 'curl' || request.client === 'url' ? `curl: (${outcome.curlExit}) ${words}${after}` : `${words}${after}`
  }
  return `no answer${after}`
}
