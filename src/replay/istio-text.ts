import {trieChild, type KeyTrie, type TrieSlot} from './key-trie.js'
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
const QUOTED = [0, 5, 10, 11, 12, 13, 14].reduce((mask, i) => mask | (1 << i), 0)
const FIELDS = 21

// Where each field starts and ends in the line being read; only the fields a record needs are sliced out
// (a million lines make a million times 21 strings otherwise). An end of -1: the rest of the line, trimmed.
const starts = new Int32Array(FIELDS)
const ends = new Int32Array(FIELDS)

/** Whether the line from `from` on is one in Istio's default text format; if so, notes where its fields are. */
export function scanIstioText(line: string, from: number): boolean {
  const close = line.indexOf('] ', from)
  if (line.charCodeAt(from) !== 91 /* [ */ || close < 0) return false
  const length = line.length
  let n = 0
  let i = close + 2
  while (i < length && n < FIELDS) {
    const quoted = line.charCodeAt(i) === 34 /* " */
    if (quoted !== ((QUOTED >> n) & 1) > 0) return false
    const end = quoted ? line.indexOf('" ', i + 1) : line.indexOf(' ', i)
    if (quoted && end < 0 && line.charCodeAt(length - 1) === 34) {
      starts[n] = i + 1
      ends[n] = length - 1
      i = length
    } else if (end < 0) {
      starts[n] = i
      ends[n] = -1
      i = length
    } else {
      starts[n] = quoted ? i + 1 : i
      ends[n] = end
      i = end + (quoted ? 2 : 1)
    }
    n++
  }
  if (n !== FIELDS || (i < length && i < line.trimEnd().length)) return false
  // The request ("METHOD PATH PROTOCOL") needs two distinct spaces.
  const first = line.indexOf(' ', starts[0])
  return first >= 0 && first < ends[0] && line.lastIndexOf(' ', ends[0] - 1) !== first
}

/**
 * Where the line scanIstioText accepted last keeps its flow in `memo`: the fields flowOf reads — %REQ(:AUTHORITY)%
 * through %UPSTREAM_CLUSTER_RAW% (one slice), the request, %DOWNSTREAM_LOCAL_ADDRESS%, %REQUESTED_SERVER_NAME% —
 * each a level of the trie, and nothing else: not the per-connection fields between them (ports, ids), so
 * one flow makes one slot: `slot.level.get(slot.key)`.
 */
export function istioTextSlot(line: string, memo: KeyTrie, slot: TrieSlot): void {
  const level = trieChild(trieChild(memo, line.slice(starts[13], ends[15])), line.slice(starts[0], ends[0]))
  slot.level = trieChild(level, line.slice(starts[17], ends[17]))
  slot.key = line.slice(starts[19], ends[19])
}

/** The record of the line scanIstioText accepted last. */
export function istioTextRecord(line: string): AccessRecord {
  const field = (k: number) => (ends[k] < 0 ? line.slice(starts[k]).trimEnd() : line.slice(starts[k], ends[k]))
  const request = field(0)
  const first = request.indexOf(' ')
  const last = request.lastIndexOf(' ')
  return {
    format: 'istio-text',
    method: present(request.slice(0, first)),
    path: present(request.slice(first + 1, last)),
    protocol: present(request.slice(last + 1)),
    responseCode: statusOf(field(1)),
    responseFlags: present(field(2)),
    authority: present(field(13)),
    upstreamHost: present(field(14)),
    upstreamCluster: present(field(15)),
    originalDestination: present(field(17)),
    sni: present(field(19)),
  }
}
