import type {Path} from '../schema.js'
import {q} from './hostname.js'
import type {Report} from './report.js'
import {istioAtLeast, type IstioVersion} from '../../../sim/compile/istio/version.js'

/** HTTP header names and values in VirtualServices (istio pkg/config/validation/validation.go, header_value_validator.go). */

const TCHARS = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/
const STRICT = /^[-_A-Za-z0-9]+$/
const PSEUDO = new Set([':method', ':scheme', ':authority', ':path', ':status'])

/** jwt.ToRoutingClaim(name).Match: "@request.auth.claims.NAME" or "@request.auth.claims[A][B]". */
export function isJwtClaimRoute(name: string): boolean {
  const prefix = '@request.auth.claims'
  if (!name.toLowerCase().startsWith(prefix)) return false
  const rest = name.slice(prefix.length)
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2)
}

/**
 * ValidateHTTPHeaderNameOrJwtClaimRoute (match headers): only non-empty in 1.22; a strict character set in
 * 1.23–1.24; pseudo-headers and RFC 7230 token characters since 1.25.
 */
export function matchHeaderNameProblem(name: string, version: IstioVersion): string | null {
  if (name === '') return 'header name cannot be empty'
  if (!istioAtLeast(version, '1.23') || isJwtClaimRoute(name)) return null
  if (istioAtLeast(version, '1.25') ? PSEUDO.has(name) || TCHARS.test(name) : STRICT.test(name)) return null
  return `header name ${name} is not a valid header name`
}

/** ValidateCORSHTTPHeaderName. */
export function corsHeaderNameProblem(name: string, version: IstioVersion): string | null {
  if (name === '') return 'header name cannot be empty'
  if (!istioAtLeast(version, '1.23') || name === '*') return null
  return (istioAtLeast(version, '1.25') ? TCHARS : STRICT).test(name) ? null : `header name ${name} is not a valid header name`
}

const isInternal = (name: string) => name.startsWith(':') || name.toLowerCase() === 'host'
export const isAuthorityHeader = (name: string) => name.toLowerCase() === ':authority' || name.toLowerCase() === 'host'

/** ValidateHTTPHeaderWithAuthorityOperationName: request headers added or set (:authority is checked apart). */
function setRequestHeaderNameProblem(name: string): string | null {
  if (name === '') return 'header name cannot be empty'
  return isInternal(name) && !isAuthorityHeader(name) ? `invalid header ${q(name)}: header cannot have ":" prefix` : null
}

/** ValidateHTTPHeaderOperationName: request headers removed, response headers changed. */
function headerOperationNameProblem(name: string): string | null {
  if (name === '') return 'header name cannot be empty'
  if (name.toLowerCase() === 'host') return `invalid header ${q(name)}: cannot set Host header`
  return isInternal(name) ? `invalid header ${q(name)}: header cannot have ":" prefix` : null
}

const HEADER_VALUE = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/

/** ValidateHTTPHeaderValue: no control characters, and Envoy's %VARIABLE% syntax well formed. */
function headerValueProblem(value: string): string | null {
  if (!HEADER_VALUE.test(value)) return `header value configuration ${value} is invalid`
  const problem = formatterProblem(value)
  return problem ? `header value configuration: ${problem}` : null
}

/** validateHeaderValue: the state machine of Envoy's header formatter parser, as istiod copies it. */
function formatterProblem(value: string): string | null {
  type State = 'literal' | 'name' | 'array' | 'string-start' | 'string' | 'delimiter' | 'args-end' | 'var-end'
  let state: State = 'literal'
  for (let pos = 0; pos < value.length; pos++) {
    const ch = value[pos]
    const hasNext = pos + 1 < value.length
    switch (state) {
      case 'literal':
        if (ch !== '%') break
        if (!hasNext) return 'invalid header configuration. Un-escaped %'
        if (value[pos + 1] === '%') pos++
        else state = 'name'
        break
      case 'name':
        if (ch === '%') state = 'literal'
        else if (ch === '(') state = 'array'
        break
      case 'array':
        if (ch === '[') state = 'string-start'
        else if (ch !== ' ') state = 'string'
        break
      case 'delimiter':
        if (ch === ',') state = 'string-start'
        else if (ch === ']') state = 'args-end'
        else if (ch !== ' ') return "invalid header configuration. Expecting ',', ']', or whitespace"
        break
      case 'string-start':
        if (ch === '"') state = 'string'
        else if (ch !== ' ') return "invalid header configuration. Expecting '\"'"
        break
      case 'string':
        if (ch === '\\') {
          if (!hasNext) return 'invalid header configuration. Un-terminated backslash in JSON string'
          pos++
        } else if (ch === ')') state = 'var-end'
        else if (ch === '"') state = 'delimiter'
        break
      case 'args-end':
        if (ch === ')') state = 'var-end'
        else if (ch !== ' ') return "invalid header configuration. Expecting ')' or whitespace after '{}', but found '{}'"
        break
      case 'var-end':
        if (ch === '%') state = 'literal'
        else if (ch !== ' ') return "invalid header configuration. Expecting '%' or whitespace after"
        break
    }
  }
  return state === 'literal' ? null : `invalid header configuration. Un-terminated variable expression '${value}'`
}

interface HeaderOperations {
  set?: Record<string, string>
  add?: Record<string, string>
  remove?: string[]
}

/** The header manipulation of a route or of one route destination: names and values of every operation. */
export function checkHeaderOperations(headers: {request?: HeaderOperations; response?: HeaderOperations} | undefined, at: Path, report: Report): void {
  const check = (where: Path, problem: string | null) => {
    if (problem) report(where, 'ISTIO_VS_BAD_HEADER', problem)
  }
  for (const side of ['request', 'response'] as const) {
    const ops = headers?.[side]
    const nameProblem = side === 'request' ? setRequestHeaderNameProblem : headerOperationNameProblem
    for (const op of ['add', 'set'] as const) {
      for (const [name, value] of Object.entries(ops?.[op] ?? {})) {
        const where = [...at, side, op, name]
        check(where, nameProblem(name))
        check(where, headerValueProblem(String(value)))
      }
    }
    ;(ops?.remove ?? []).forEach((name, i) => check([...at, side, 'remove', i], headerOperationNameProblem(name)))
  }
}
