import {flowKey, flowOf, type Flow} from './flow.js'
import type {KeyTrie} from './key-trie.js'
import {LineScanner, type LinePrefix} from './parse-line.js'
import type {AccessLogFormat} from './record.js'

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
   * Per line prefix (the scanner makes one object per prefix it reads): whether it names a sidecar, and per
   * format the fields flowOf reads (LineScanner.slot) → what they made (null: inbound). A million lines hold a
   * few thousand distinct flows, so most lines skip the record, flowOf and the flow key.
   */
  private readonly sources = new Map<LinePrefix | undefined, {sidecar: boolean; known: Record<AccessLogFormat, KeyTrie>}>()
  private readonly scanner = new LineScanner()

  add(text: string, file: string, line: number): void {
    this.counts.lines++
    const scanner = this.scanner
    scanner.scan(text)
    const {prefix, format} = scanner
    let source = this.sources.get(prefix)
    if (source === undefined) {
      const sidecar = prefix === undefined || PROXY_CONTAINERS.has(prefix.container)
      this.sources.set(prefix, (source = {sidecar, known: {'istio-text': new Map(), 'istio-json': new Map(), 'osm-json': new Map()}}))
    }
    if (!source.sidecar) {
      this.counts.otherContainers++
      return
    }
    if (format === undefined) {
      this.counts.other++
      return
    }
    const pod = prefix?.pod
    const memoized = scanner.slot(source.known[format])
    const {level, key} = scanner
    const seen = memoized ? (level.get(key) as Observed | null | undefined) : undefined
    if (seen === null) {
      this.counts.inbound++
      return
    }
    if (seen) {
      this.counts.outbound++
      seen.count++
      return
    }
    const result = flowOf(scanner.record())
    if (result.kind === 'inbound') {
      this.counts.inbound++
      if (memoized) level.set(key, null)
      return
    }
    this.counts.outbound++
    const flow = result.kind === 'flow' ? result.flow : undefined
    const id = observedId(pod, flow, result.missing)
    let observed = this.seen.get(id)
    if (observed) observed.count++
    else this.seen.set(id, (observed = {pod, flow, missing: result.missing, count: 1, format, first: {file, line}}))
    if (memoized) level.set(key, observed)
  }

  observed(): Observed[] {
    return [...this.seen.values()]
  }

  /**
   * Adds what another collector read from the lines that follow this one's in the same file (a later byte
   * range, read by another thread: read-logs.ts), `before` lines of the file coming before its first. The flows
   * it saw first go after this one's, so the result is the one reading every line here would give.
   */
  absorb(later: CollectedLines, before: number): void {
    for (const k of Object.keys(this.counts) as (keyof LineCounts)[]) this.counts[k] += later.counts[k]
    for (const o of later.observed) {
      const id = observedId(o.pod, o.flow, o.missing)
      const mine = this.seen.get(id)
      if (mine) mine.count += o.count
      else this.seen.set(id, {...o, first: {file: o.first.file, line: o.first.line + before}})
    }
  }
}

/** What a collector holds, as it crosses from one thread to another. */
export interface CollectedLines {
  counts: LineCounts
  observed: readonly Observed[]
}

/** Lines of one pod count as one flow when this is the same. */
function observedId(pod: string | undefined, flow: Flow | undefined, missing: readonly string[]): string {
  return `${pod ?? ''}\n${flow ? flowKey(flow) : `? ${missing.join(';')}`}`
}
