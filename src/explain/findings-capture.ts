import {BoundedMemo} from '../../sim/bounded-memo.js'
import {cidrsOverlap, formatCidr, parseCidrOrIp} from '../../sim/net/cidr.js'
import {requestFrom} from '../../sim/request/index.js'
import type {Request} from '../../sim/request/types.js'
import type {MeshTable} from '../../sim/rules/types.js'
import {requestCapture} from '../../sim/trace/capture.js'
import type {Step} from '../../sim/trace/types.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {Destination} from './destinations.js'
import {findingAt} from './finding.js'
import {related} from './findings-enforcement.js'
import {addressIn} from './samples.js'

const PREFIX = {osm: 'OSM', 'osm-edge': 'OSM', istio: 'ISTIO'} as const

/**
 * Policies whose destinations the pod's iptables rules send around the sidecar (excluded ports and ranges,
 * or a destination outside the included ranges): the trace of a request to the destination leaves the pod
 * at its capture step, so the policy never sees it. Each destination is traced as explain states it, and
 * again at an address inside every excluded range that overlaps the destination's own ranges. An error when
 * the destination's own request is bypassed, a warning when only part of its ranges is.
 */
export function captureBypassed(table: MeshTable, destinations: readonly Destination[]): Diagnostic[] {
  const capture = table.client.capture
  if (!table.client.proxy || !capture) return []
  return destinations.flatMap((d) => {
    const request = d.request ? requestOf(d.request) : null
    if (!request) return []
    const probes: Array<{request: Request; whole: boolean}> = [{request, whole: true}]
    for (const range of d.what.addresses) {
      for (const excluded of capture.excludeCidrs) {
        const inside = narrower(range, excluded.value)
        if (inside) probes.push({request: at(request, addressIn(inside)), whole: false})
      }
    }
    for (const {request, whole} of probes) {
      const step = bypassedAt(table, request)
      if (!step?.chose) continue
      const what = whole ? `\`${request.typed}\`` : `a connection to ${request.ip}:${request.port}, inside this policy's addresses,`
      const found = findingAt(
        d.rule,
        `${PREFIX[table.mesh]}_CAPTURE_BYPASSED`,
        `${what} from ${table.client.id} is not redirected to the sidecar (${step.because.setting}): this policy never sees it`,
        fixFor(step.chose.name, String(step.because.setting), request.port),
      )
      if (found) return [{...found, severity: whole ? ('error' as const) : ('warning' as const), ...related(step.chose.origin)}]
    }
    return []
  })
}

/** The request a destination's words make, null when they make none; parsed once per words (see `parsed`). */
function requestOf(words: string[]): Request | null {
  // NUL-separated (a quarter of JSON.stringify's cost), so kept only when no word holds a NUL itself.
  if (words.some((w) => w.includes('\0'))) return parsedRequest(words)
  return parsed.get(words.join('\0'), () => parsedRequest(words))
}

function parsedRequest(words: string[]): Request | null {
  const result = requestFrom(words)
  return result.ok ? result.value : null
}

// The editor finds on every keystroke, and the table compiled after a key holds the same requests as before it.
const parsed = new BoundedMemo<Request | null>(10_000)

/** The capture step of the request's first hop, when iptables lets the connection leave the pod directly. */
function bypassedAt(table: MeshTable, request: Request): Step | null {
  const step = requestCapture(table, request).steps[0]
  return step?.because.code === 'BYPASSED' ? step : null
}

/** The smaller of two overlapping ranges (one holds the other), masked; null when they do not overlap. */
function narrower(a: string, b: string): string | null {
  const x = parseCidrOrIp(a)
  const y = parseCidrOrIp(b)
  if (!x || !y || !cidrsOverlap(x, y)) return null
  return formatCidr(x.prefix >= y.prefix ? x : y)
}

/** The same request dialled to another address. */
function at(request: Request, ip: string): Request {
  return {...request, ip, ...(request.host === request.ip ? {host: ip} : {})}
}

function fixFor(rule: string, setting: string, port: number): string {
  if (rule === 'exclude-port') return `remove port ${port} from the outbound port exclusion list, or drop the policy for that port`
  if (rule === 'exclude-range')
    return `narrow the outbound IP range exclusion (${setting.replace('excluded range ', '')}) so that it leaves the policy's addresses to the sidecar, or drop the policy`
  if (rule === 'not-included') return "add the destination's addresses to the outbound IP range inclusion list, or remove the list so that all outbound traffic is captured"
  return 'send the traffic to an address the sidecar captures'
}
