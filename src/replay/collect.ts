import {flowKey, flowOf, type Flow} from './flow.js'
import {parseLine} from './parse-line.js'
import type {AccessLogFormat} from './record.js'

/** The sidecar containers whose logs are access logs: Istio's istio-proxy, OSM's envoy. */
const PROXY_CONTAINERS = new Set(['istio-proxy', 'envoy'])

/** One distinct outbound flow as seen from one pod (or from unprefixed lines). */
export interface Observed {
  /** The pod named by the line's `[pod/NAME/CONTAINER]` prefix; undefined for bare lines. */
  pod?: string
  /** Undefined when the line was too poor to say what was asked. */
  flow?: Flow
  /** Fields the log could not give. */
  missing: string[]
  count: number
  format: AccessLogFormat
  /** Where it was first seen. */
  first: {file: string; line: number}
}

export interface LineCounts {
  lines: number
  /** Access-log lines of outbound flows, replayed. */
  outbound: number
  inbound: number
  /** Lines in no access-log format (proxy and agent logs, blank lines). */
  other: number
  /** Lines of containers that are not the sidecar. */
  otherContainers: number
}

/**
 * Turns access-log lines, one at a time, into distinct outbound flows with counts. Pure and incremental, so
 * a reader can stream any number of lines through it (replay and suggest share it).
 */
export class FlowCollector {
  readonly counts: LineCounts = {lines: 0, outbound: 0, inbound: 0, other: 0, otherContainers: 0}
  private readonly seen = new Map<string, Observed>()

  add(text: string, file: string, line: number): void {
    this.counts.lines++
    const parsed = parseLine(text)
    if (parsed.prefix && !PROXY_CONTAINERS.has(parsed.prefix.container)) {
      this.counts.otherContainers++
      return
    }
    if (parsed.kind === 'other') {
      this.counts.other++
      return
    }
    const result = flowOf(parsed.record)
    if (result.kind === 'inbound') {
      this.counts.inbound++
      return
    }
    this.counts.outbound++
    const pod = parsed.prefix?.pod
    const key = `${pod ?? ''}\n${result.kind === 'flow' ? flowKey(result.flow) : `? ${result.missing.join(';')}`}`
    const known = this.seen.get(key)
    if (known) known.count++
    else this.seen.set(key, {pod, flow: result.kind === 'flow' ? result.flow : undefined, missing: result.missing, count: 1, format: parsed.record.format, first: {file, line}})
  }

  observed(): Observed[] {
    return [...this.seen.values()]
  }
}
