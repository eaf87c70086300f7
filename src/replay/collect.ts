import {flowKey, flowOf, type Flow} from './flow.js'
import {parseLine} from './parse-line.js'
import type {AccessLogFormat, AccessRecord} from './record.js'

/** The sidecar containers whose logs are access logs: Istio's istio-proxy, OSM's envoy. */
export const PROXY_CONTAINERS: ReadonlySet<string> = new Set(['istio-proxy', 'envoy'])

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
  /**
   * Per pod, the fields flowOf reads, joined → what they made (null: inbound). A million lines hold a few
   * thousand distinct flows, so most lines skip flowOf and the flow key (bench/replay.ts: 1,000 in 1,000,000).
   */
  private readonly known = new Map<string | undefined, Map<string, Observed | null>>()

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
    const pod = parsed.prefix?.pod
    let known = this.known.get(pod)
    if (!known) this.known.set(pod, (known = new Map()))
    const signature = signatureOf(parsed.record)
    const seen = known.get(signature)
    if (seen === null) {
      this.counts.inbound++
      return
    }
    if (seen) {
      this.counts.outbound++
      seen.count++
      return
    }
    const result = flowOf(parsed.record)
    if (result.kind === 'inbound') {
      this.counts.inbound++
      known.set(signature, null)
      return
    }
    this.counts.outbound++
    const key = `${pod ?? ''}\n${result.kind === 'flow' ? flowKey(result.flow) : `? ${result.missing.join(';')}`}`
    let observed = this.seen.get(key)
    if (observed) observed.count++
    else
      this.seen.set(
        key,
        (observed = {pod, flow: result.kind === 'flow' ? result.flow : undefined, missing: result.missing, count: 1, format: parsed.record.format, first: {file, line}}),
      )
    known.set(signature, observed)
  }

  observed(): Observed[] {
    return [...this.seen.values()]
  }
}

/** Every field flowOf reads (format: for what it says is missing); NUL parts them, as no access log holds one. */
function signatureOf(r: AccessRecord): string {
  return `${r.format}\0${r.upstreamCluster ?? ''}\0${r.originalDestination ?? ''}\0${r.upstreamHost ?? ''}\0${r.method ?? ''}\0${r.protocol ?? ''}\0${r.authority ?? ''}\0${r.path ?? ''}\0${r.sni ?? ''}`
}
