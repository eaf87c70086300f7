import {parseGoDuration} from '../../../sim/compile/istio/duration.js'
import {goRegexpMessage, re2SyntaxError} from '../../../sim/rules/re2.js'
import type {Path} from '../schema.js'
import {validateDestination} from './destination.js'
import {checkLabels, durationProblem, goFixed, percentageProblem, portProblem} from './fields.js'
import {isDns1123Label, q} from './hostname.js'
import {checkHeaderOperations, corsHeaderNameProblem, isAuthorityHeader, matchHeaderNameProblem} from './http-headers.js'
import {errorsOnly, maybe, type Report} from './report.js'
import {istioAtLeast, type IstioVersion} from '../../../sim/compile/istio/version.js'
import {validateGatewayNames} from './gateway-names.js'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * istio pkg/config/validation/virtualservice.go validateHTTPRoute and the functions it calls in
 * validation.go (1.30; earlier releases where noted). `delegate`: the VirtualService has no hosts.
 */
export function validateHttpRoute(http: Obj, at: Path, report: Report, delegate: boolean, version: IstioVersion): void {
  routeConflicts(http, at, report, delegate ? 'delegate' : http.delegate ? 'root' : 'independent')
  matchRequests(http, at, report, version)
  checkHeaderOperations(http.headers, [...at, 'headers'], report)
  cors(http.corsPolicy, [...at, 'corsPolicy'], report, version)
  fault(http.fault, [...at, 'fault'], report)
  if (http.mirrorPercent !== undefined) {
    if (Number(http.mirrorPercent) > 100) report([...at, 'mirrorPercent'], 'ISTIO_VS_BAD_MIRROR', `mirror_percent must have a max value of 100 (it has ${http.mirrorPercent})`)
    report([...at, 'mirrorPercent'], 'ISTIO_VS_DEPRECATED', 'using deprecated setting "mirrorPercent", use "mirrorPercentage" instead', 'warning')
  }
  mirrorPercentage(http.mirrorPercentage, [...at, 'mirrorPercentage'], 'mirror_percentage', report)
  validateDestination(http.mirror, [...at, 'mirror'], report)
  ;((http.mirrors ?? []) as Obj[]).forEach((m, i) => {
    if (!m.destination) return report([...at, 'mirrors', i], 'ISTIO_VS_BAD_MIRROR', 'destination is required for mirrors')
    validateDestination(m.destination, [...at, 'mirrors', i, 'destination'], report)
    mirrorPercentage(m.percentage, [...at, 'mirrors', i, 'percentage'], 'mirror percentage', report)
  })
  redirect(http.redirect, http.match, [...at, 'redirect'], report, version)
  directResponse(http.directResponse, [...at, 'directResponse'], report)
  retries(http.retries, [...at, 'retries'], report, version)
  rewrite(http.rewrite, [...at, 'rewrite'], report)
  authorityRewrite(http, at, report)
  routeDestinations(http.route, [...at, 'route'], report, true)
  if (typeof http.timeout === 'string') maybe(report, [...at, 'timeout'], 'ISTIO_BAD_DURATION', durationProblem(http.timeout))
}

/** validateHTTPRouteConflict. */
function routeConflicts(http: Obj, at: Path, report: Report, type: 'root' | 'delegate' | 'independent'): void {
  const bad = (message: string) => report(at, 'ISTIO_VS_HTTP_CONFLICT', message)
  if (type === 'root') {
    // A root route may only delegate.
    if (http.redirect) bad(`root HTTP route ${http.name ?? ''} must not specify redirect`)
    if (http.route) bad(`root HTTP route ${http.name ?? ''} must not specify route`)
    return
  }
  if (type === 'delegate' && http.delegate) bad('delegate HTTP route cannot contain delegate')
  const routes = (http.route ?? []).length > 0
  if (http.redirect) {
    if (routes) bad('HTTP route cannot contain both route and redirect')
    if (http.fault) bad('HTTP route cannot contain both fault and redirect')
    if (http.rewrite) bad('HTTP route rule cannot contain both rewrite and redirect')
    if (http.directResponse) bad('HTTP route rule cannot contain both direct_response and redirect')
  } else if (http.directResponse) {
    if (routes) bad('HTTP route cannot contain both route and direct_response')
    if (http.fault) bad('HTTP route cannot contain both fault and direct_response')
    if (http.rewrite) bad('HTTP route rule cannot contain both rewrite and direct_response')
  } else if (!routes) report(at, 'ISTIO_VS_HTTP_NO_ACTION', 'HTTP route, redirect or direct_response is required')
  if (http.mirror && (http.mirrors ?? []).length > 0) bad('HTTP route cannot contain both mirror and mirrors')
}

/**
 * validateStringMatch / validateStringMatchRegexp: empty prefixes and regexes are refused (a uri may have an
 * empty prefix); whether a regex compiles is RE2's answer.
 */
function stringMatch(sm: Obj | undefined, where: string, at: Path, report: Report, allowEmptyPrefix = false): void {
  if (!sm) return
  if (sm.prefix !== undefined && !allowEmptyPrefix && sm.prefix === '') report([...at, 'prefix'], 'ISTIO_VS_EMPTY_MATCH', `${q(where)}: prefix string match should not be empty`)
  if (sm.regex !== undefined) maybe(report, [...at, 'regex'], 'ISTIO_VS_BAD_REGEX', regexProblem(String(sm.regex), where))
}

/**
 * validateStringMatchRegexp / validateStringRegexp (1.22–1.31 alike): a regex must be non-empty, at most 1024
 * bytes, and compile with Go's regexp (RE2 syntax). The single place where Istio validation asks RE2.
 */
export function regexProblem(re: string, where: string): string | null {
  if (re === '') return `${q(where)}: regex string match should not be empty`
  if (new TextEncoder().encode(re).length > 1024) return `${q(where)}: regex is too large, max length allowed is 1024`
  const error = re2SyntaxError(re)
  return error ? `${q(where)}: ${goRegexpMessage(error)}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)` : null
}

/** validateHTTPRouteMatchRequest. */
function matchRequests(http: Obj, at: Path, report: Report, version: IstioVersion): void {
  const errors = errorsOnly(report)
  ;((http.match ?? []) as Obj[]).forEach((m, j) => {
    const mat = [...at, 'match', j]
    for (const [name, header] of Object.entries<Obj>(m.headers ?? {})) {
      maybe(report, [...mat, 'headers', name], 'ISTIO_VS_BAD_HEADER', matchHeaderNameProblem(name, version))
      stringMatch(header, 'headers', [...mat, 'headers', name], report)
    }
    for (const [name, header] of Object.entries<Obj>(m.withoutHeaders ?? {})) {
      maybe(report, [...mat, 'withoutHeaders', name], 'ISTIO_VS_BAD_HEADER', matchHeaderNameProblem(name, version))
      // "*" is not a regex: it becomes a presence match.
      if (header.regex !== '*') stringMatch(header, 'withoutHeaders', [...mat, 'withoutHeaders', name], report)
    }
    stringMatch(m.uri, 'uri', [...mat, 'uri'], report, true)
    for (const field of ['scheme', 'method', 'authority']) stringMatch(m[field], field, [...mat, field], report)
    for (const [name, qp] of Object.entries<Obj>(m.queryParams ?? {})) stringMatch(qp, 'queryParams', [...mat, 'queryParams', name], report)
  })
  ;((http.match ?? []) as Obj[]).forEach((m, j) => {
    const mat = [...at, 'match', j]
    if (m.port) maybe(report, [...mat, 'port'], 'ISTIO_VS_BAD_PORT', portProblem(Number(m.port)))
    checkLabels(m.sourceLabels, [...mat, 'sourceLabels'], report)
    validateGatewayNames(m.gateways, [...mat, 'gateways'], errors)
    if (m.sourceNamespace && !isDns1123Label(m.sourceNamespace)) report([...mat, 'sourceNamespace'], 'ISTIO_VS_BAD_MATCH', `sourceNamespace match ${m.sourceNamespace} is invalid`)
  })
}

const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE']

/** validateCORSPolicy. */
function cors(policy: Obj | undefined, at: Path, report: Report, version: IstioVersion): void {
  if (!policy) return
  ;((policy.allowOrigins ?? []) as Obj[]).forEach((origin, i) => {
    const value = origin.exact ?? origin.prefix ?? origin.regex ?? ''
    if (value === '') return report([...at, 'allowOrigins', i], 'ISTIO_VS_BAD_CORS', `'' is not a valid match type for CORS allow origins`)
    if (origin.regex !== undefined) maybe(report, [...at, 'allowOrigins', i, 'regex'], 'ISTIO_VS_BAD_REGEX', regexProblem(origin.regex, 'corsPolicy.allowOrigins'))
  })
  ;((policy.allowMethods ?? []) as string[]).forEach((method, i) => {
    // "*" since 1.26.
    if (!CORS_METHODS.includes(method) && !(method === '*' && istioAtLeast(version, '1.26')))
      report([...at, 'allowMethods', i], 'ISTIO_VS_BAD_CORS', `${q(method)} is not a supported HTTP method`)
  })
  for (const field of ['allowHeaders', 'exposeHeaders']) {
    ;((policy[field] ?? []) as string[]).forEach((name, i) => maybe(report, [...at, field, i], 'ISTIO_VS_BAD_CORS', corsHeaderNameProblem(name, version)))
  }
  if (typeof policy.maxAge === 'string') {
    maybe(report, [...at, 'maxAge'], 'ISTIO_BAD_DURATION', durationProblem(policy.maxAge))
    // Duration.Nanos > 0: a fraction of a second.
    const nanos = parseGoDuration(policy.maxAge)
    if (nanos !== null && nanos > 0n && nanos % 1_000_000_000n !== 0n) report([...at, 'maxAge'], 'ISTIO_VS_BAD_CORS', 'max_age duration is accurate only to seconds precision')
  }
}

/** validateHTTPFaultInjection; its abort warning ("error type not set") is lost in istiod's appendErrors. */
function fault(f: Obj | undefined, at: Path, report: Report): void {
  if (!f) return
  if (!f.abort && !f.delay) report(at, 'ISTIO_VS_BAD_FAULT', 'HTTP fault injection must have an abort and/or a delay')
  const abort = f.abort
  if (abort) {
    if (abort.percentage) maybe(report, [...at, 'abort', 'percentage'], 'ISTIO_VS_BAD_FAULT', percentageProblem(Number(abort.percentage.value ?? 0)))
    if (abort.grpcStatus !== undefined) {
      if (!GRPC_STATUS.has(abort.grpcStatus)) {
        report(
          [...at, 'abort', 'grpcStatus'],
          'ISTIO_VS_BAD_FAULT',
          `gRPC status ${q(abort.grpcStatus)} is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'`,
        )
      }
    } else if (abort.http2Error !== undefined) report([...at, 'abort', 'http2Error'], 'ISTIO_VS_BAD_FAULT', 'HTTP/2 abort fault injection not supported yet')
    else if (abort.httpStatus !== undefined) maybe(report, [...at, 'abort', 'httpStatus'], 'ISTIO_VS_BAD_FAULT', httpStatusProblem(Number(abort.httpStatus)))
  }
  const delay = f.delay
  if (delay) {
    if (delay.percentage) maybe(report, [...at, 'delay', 'percentage'], 'ISTIO_VS_BAD_FAULT', percentageProblem(Number(delay.percentage.value ?? 0)))
    if (typeof delay.fixedDelay === 'string') maybe(report, [...at, 'delay', 'fixedDelay'], 'ISTIO_BAD_DURATION', durationProblem(delay.fixedDelay))
    else if (typeof delay.exponentialDelay === 'string') {
      maybe(report, [...at, 'delay', 'exponentialDelay'], 'ISTIO_BAD_DURATION', durationProblem(delay.exponentialDelay))
      report([...at, 'delay', 'exponentialDelay'], 'ISTIO_VS_BAD_FAULT', 'exponentialDelay not supported yet')
    }
  }
}

/** pkg/util/grpc/codes.go SupportedGRPCStatus. */
const GRPC_STATUS = new Set([
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
])

/** validateHTTPStatus: note the bound is 600, not 599 as the message says. */
function httpStatusProblem(status: number): string | null {
  return status < 200 || status > 600 ? `HTTP status ${status} is not in range 200-599` : null
}

function mirrorPercentage(percentage: Obj | undefined, at: Path, word: string, report: Report): void {
  if (!percentage) return
  const value = Number(percentage.value ?? 0)
  if (value > 100) report(at, 'ISTIO_VS_BAD_MIRROR', `${word} must have a max value of 100 (it has ${goFixed(value)})`)
  if (value < 0) report(at, 'ISTIO_VS_BAD_MIRROR', `${word} must have a min value of 0 (it has ${goFixed(value)})`)
}

/** validateHTTPRedirect: returns at the first problem. prefixRewrite exists since 1.31. */
function redirect(r: Obj | undefined, matches: Obj[] | undefined, at: Path, report: Report, version: IstioVersion): void {
  if (!r) return
  const bad = (message: string) => report(at, 'ISTIO_VS_BAD_REDIRECT', message)
  const prefixRewrite = istioAtLeast(version, '1.31') ? String(r.prefixRewrite ?? '') : ''
  if (r.uri && prefixRewrite) return bad('redirect may only specify one of uri or prefix_rewrite')
  if (prefixRewrite && (matches ?? []).some((m) => m.uri && m.uri.prefix === undefined)) return bad('redirect prefix_rewrite requires all URI matches to use prefix match type')
  if (!r.uri && !prefixRewrite && !r.authority && r.port === undefined && r.derivePort === undefined && !r.scheme)
    return bad('redirect must specify URI, authority, scheme, or port')
  const code = Number(r.redirectCode ?? 0)
  if (code !== 0 && (code < 300 || code > 399)) return bad(`${code} is not a valid redirect code, must be 3xx`)
  if (r.scheme && r.scheme !== 'http' && r.scheme !== 'https') return bad('invalid redirect scheme, must be "http" or "https"')
  if (Number(r.port ?? 0) > 0) maybe(report, [...at, 'port'], 'ISTIO_VS_BAD_REDIRECT', portProblem(Number(r.port)))
}

/** validateHTTPDirectResponse. */
function directResponse(d: Obj | undefined, at: Path, report: Report): void {
  if (!d) return
  const body = d.body
  if (body) {
    const size = typeof body.string === 'string' ? Buffer.byteLength(body.string) : typeof body.bytes === 'string' ? Buffer.from(body.bytes, 'base64').length : 0
    if (size > 1024 * 1024) report([...at, 'body'], 'ISTIO_VS_BAD_DIRECT_RESPONSE', 'large direct_responses may impact control plane performance, must be less than 1MB')
    else if (size > 100 * 1024) report([...at, 'body'], 'ISTIO_VS_LARGE_DIRECT_RESPONSE', 'large direct_responses may impact control plane performance', 'warning')
  }
  maybe(report, [...at, 'status'], 'ISTIO_VS_BAD_DIRECT_RESPONSE', httpStatusProblem(Number(d.status ?? 0)))
}

/** supportedRetryOnPolicies (Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on); two were added in 1.23. */
const RETRY_ON = [
  '5xx',
  'gateway-error',
  'reset',
  'connect-failure',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'envoy-ratelimited',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
]
const RETRY_ON_SINCE_1_23 = ['reset-before-request', 'http3-post-connect-failure']

/** Go net/http StatusText is non-empty for these codes. */
const HTTP_STATUS_CODES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412,
  413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
])

/** validateHTTPRetry: attempts default to 0, which disables retries, so retry settings without attempts are refused. */
function retries(r: Obj | undefined, at: Path, report: Report, version: IstioVersion): void {
  if (!r) return
  const attempts = Number(r.attempts ?? 0)
  if (attempts < 0) report([...at, 'attempts'], 'ISTIO_VS_BAD_RETRY', 'attempts cannot be negative')
  if (attempts === 0 && (r.perTryTimeout !== undefined || (r.retryOn ?? '') !== '' || r.retryRemoteLocalities !== undefined)) {
    report(at, 'ISTIO_VS_BAD_RETRY', 'http retry policy configured when attempts are set to 0 (disabled)')
  }
  if (typeof r.perTryTimeout === 'string') maybe(report, [...at, 'perTryTimeout'], 'ISTIO_BAD_DURATION', durationProblem(r.perTryTimeout))
  if (r.retryOn) {
    const known = istioAtLeast(version, '1.23') ? [...RETRY_ON, ...RETRY_ON_SINCE_1_23] : RETRY_ON
    for (const policy of String(r.retryOn).split(',')) {
      // strconv.Atoi, then http.StatusText.
      const code = /^[+-]?\d+$/.test(policy) ? Number(policy) : 0
      if (!HTTP_STATUS_CODES.has(code) && !known.includes(policy)) report([...at, 'retryOn'], 'ISTIO_VS_BAD_RETRY', `${q(policy)} is not a valid retryOn policy`)
    }
  }
  if (typeof r.backoff === 'string' && istioAtLeast(version, '1.26')) maybe(report, [...at, 'backoff'], 'ISTIO_BAD_DURATION', durationProblem(r.backoff))
}

/** validateHTTPRewrite: returns at the first problem. */
function rewrite(r: Obj | undefined, at: Path, report: Report): void {
  if (!r) return
  const bad = (message: string) => report(at, 'ISTIO_VS_BAD_REWRITE', message)
  const regexRewrite = r.uriRegexRewrite
  if (r.uri && regexRewrite) return bad('rewrite may only contain one of URI or UriRegexRewrite')
  if (!r.uri && !regexRewrite && !r.authority)
    return bad('rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified')
  if (!regexRewrite) return
  if (!regexRewrite.match || !regexRewrite.rewrite) return bad('UriRegexRewrite has errors\nUriRegexRewrite requires both Rewrite and Match fields to be specified')
  const problem = regexProblem(String(regexRewrite.match), 'HTTPRewrite.UriRegexRewrite.Match')
  if (problem) report([...at, 'uriRegexRewrite', 'match'], 'ISTIO_VS_BAD_REGEX', `UriRegexRewrite has errors\n${problem}`)
}

/** validateAuthorityRewrite: the authority may be rewritten in one place only. */
function authorityRewrite(http: Obj, at: Path, report: Report): void {
  let current: string = http.rewrite?.authority ?? ''
  for (const op of ['set', 'add']) {
    for (const [k, v] of Object.entries<string>(http.headers?.request?.[op] ?? {})) {
      if (!isAuthorityHeader(k)) continue
      if (current !== '')
        return report(
          [...at, 'headers', 'request', op, k],
          'ISTIO_VS_AUTHORITY_TWICE',
          `authority header cannot be set multiple times: have ${q(current)}, attempting to set ${q(v)}`,
        )
      current = v
    }
  }
}

/** validateHTTPRouteDestinations (http: true, with header operations) and validateRouteDestinations. */
export function routeDestinations(route: Obj[] | undefined, at: Path, report: Report, http: boolean): void {
  let total = 0
  ;(route ?? []).forEach((d, k) => {
    const dat = [...at, k]
    if (!d.destination) report(dat, 'ISTIO_VS_BAD_DESTINATION', 'destination is required')
    if (http) checkHeaderOperations(d.headers, [...dat, 'headers'], report)
    validateDestination(d.destination, [...dat, 'destination'], report)
    const weight = Number(d.weight ?? 0)
    if (weight < 0) report([...dat, 'weight'], 'ISTIO_VS_BAD_WEIGHT', `weight ${weight} < 0`)
    total += weight
  })
  if ((route ?? []).length > 1 && total === 0) report(at, 'ISTIO_VS_BAD_WEIGHT', 'total destination weight = 0')
}
