import {isIstioJson} from './istio-json.js'
import {istioTextRecord, istioTextSignature, scanIstioText} from './istio-text.js'
import {isOsmJson} from './osm-json.js'
import {envoyJsonSignature, fromEnvoyJson, type AccessLogFormat, type AccessRecord} from './record.js'

/** Where a line came from, as `kubectl logs --prefix` names it: `[pod/NAME/CONTAINER] `. */
export interface LinePrefix {
  pod: string
  container: string
}

export type ParsedLine =
  | {kind: 'access'; prefix?: LinePrefix; record: AccessRecord}
  /** Not an access log in a known format (proxy logs, agent logs, blank lines…). */
  | {kind: 'other'; prefix?: LinePrefix}

const PREFIX = /^\[pod\/([^/\]]+)\/([^/\]]+)\] /

/**
 * Reads one line at a time into its prefix, its format and the signature of the fields flowOf reads, and
 * builds the line's record only when asked: a million lines hold a few thousand distinct flows, so most
 * lines need no record (bench/replay.ts). Holds the last line read; `record()` reads that line.
 */
export class LineScanner {
  prefix: LinePrefix | undefined
  /** Undefined: the line is in no access-log format. */
  format: AccessLogFormat | undefined
  /** Undefined where the line has no signature that is safe to share (then every such line gets a record). */
  signature: string | undefined
  private line = ''
  private json: Record<string, unknown> | undefined
  // kubectl logs prints a pod's lines one after another, so the last prefix seen is most often the next one.
  private last = {text: '\n', prefix: {pod: '', container: ''}}

  scan(line: string): void {
    this.line = line
    this.prefix = undefined
    this.format = undefined
    this.signature = undefined
    this.json = undefined
    let from = 0
    if (line.startsWith('[pod/')) {
      if (line.startsWith(this.last.text)) {
        this.prefix = this.last.prefix
        from = this.last.text.length
      } else {
        const m = PREFIX.exec(line)
        if (m) {
          this.prefix = {pod: m[1], container: m[2]}
          this.last = {text: m[0], prefix: this.prefix}
          from = m[0].length
        }
      }
    }
    if (line.charCodeAt(from) !== 123 /* { */) {
      if (!scanIstioText(line, from)) return
      this.format = 'istio-text'
      this.signature = istioTextSignature(line)
      return
    }
    const text = from === 0 ? line : line.slice(from)
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return
    const o = value as Record<string, unknown>
    this.format = isIstioJson(o) ? 'istio-json' : isOsmJson(o) ? 'osm-json' : undefined
    if (this.format === undefined) return
    this.json = o
    if (!text.includes('\\u0000')) this.signature = envoyJsonSignature(o)
  }

  /** The record of the last line scanned, which must be an access log. */
  record(): AccessRecord {
    if (this.format === 'istio-text') return istioTextRecord(this.line)
    return fromEnvoyJson(this.json!, this.format as 'istio-json' | 'osm-json')
  }
}

const scanner = new LineScanner()

/** One line of `kubectl logs` output, its format detected from the line alone. */
export function parseLine(line: string): ParsedLine {
  scanner.scan(line)
  const {prefix} = scanner
  return scanner.format ? {kind: 'access', prefix, record: scanner.record()} : {kind: 'other', prefix}
}
