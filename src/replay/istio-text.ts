import {present, statusOf, type AccessRecord} from './record.js'

/**
 * Istio's default TEXT access log (istio pilot/pkg/model/telemetry_logging.go EnvoyTextLogFormat, 1.9 and
 * later; unchanged through 1.31 except %UPSTREAM_CLUSTER% → %UPSTREAM_CLUSTER_RAW%):
 *
 *   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
 *   %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED%
 *   %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
 *   "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS%
 *   %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%
 *
 * After the bracketed start time come 21 fields; these are quoted (by position).
 */
const QUOTED = new Set([0, 5, 10, 11, 12, 13, 14])
const FIELDS = 21

/** One line in Istio's default text format, or null when the line is not one. */
export function parseIstioText(line: string): AccessRecord | null {
  const close = line.indexOf('] ')
  if (line.charCodeAt(0) !== 91 /* [ */ || close < 0) return null
  const fields: string[] = []
  let i = close + 2
  while (i < line.length && fields.length < FIELDS) {
    const quoted = line.charCodeAt(i) === 34 /* " */
    if (quoted !== QUOTED.has(fields.length)) return null
    const end = quoted ? line.indexOf('" ', i + 1) : line.indexOf(' ', i)
    if (quoted && end < 0 && line.endsWith('"')) {
      fields.push(line.slice(i + 1, line.length - 1))
      i = line.length
    } else if (end < 0) {
      fields.push(line.slice(i).trimEnd())
      i = line.length
    } else {
      fields.push(line.slice(quoted ? i + 1 : i, end))
      i = end + (quoted ? 2 : 1)
    }
  }
  if (fields.length !== FIELDS || i < line.trimEnd().length) return null
  const request = fields[0]
  const first = request.indexOf(' ')
  const last = request.lastIndexOf(' ')
  if (first < 0 || last === first) return null
  return {
    format: 'istio-text',
    method: present(request.slice(0, first)),
    path: present(request.slice(first + 1, last)),
    protocol: present(request.slice(last + 1)),
    responseCode: statusOf(fields[1]),
    responseFlags: present(fields[2]),
    authority: present(fields[13]),
    upstreamHost: present(fields[14]),
    upstreamCluster: present(fields[15]),
    originalDestination: present(fields[17]),
    sni: present(fields[19]),
  }
}
