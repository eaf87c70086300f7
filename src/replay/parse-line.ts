import {isIstioJson} from './istio-json.js'
import {istioTextRecord, istioTextSlot, scanIstioText} from './istio-text.js'
import type {KeyTrie, TrieSlot} from './key-trie.js'
import {isOsmJson} from './osm-json.js'
import {envoyJsonSlot, fromEnvoyJson, type AccessLogFormat, type AccessRecord} from './record.js'

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
 * Reads one line at a time into its prefix and format, finds where its flow is remembered from the fields
 * flowOf reads, and builds the line's record only when asked: a million lines hold a few thousand distinct
 * flows, so most lines need no record (bench/replay.ts). Holds the last line read; `slot()` and `record()`
 * read that line.
 */
export class LineScanner implements TrieSlot {
  prefix: LinePrefix | undefined
  /** Undefined: the line is in no access-log format. */
  format: AccessLogFormat | undefined
  /** After `slot()`: the line's flow is `level.get(key)`. */
  level: KeyTrie = new Map()
  key: unknown
  private line = ''
  private json: Record<string, unknown> | undefined
  // kubectl logs --prefix interleaves the pods it follows (up to --max-log-requests at once), so every prefix
  // seen is kept: a line's prefix is then one lookup, not a regular expression and a new object. Runs of lines
  // from one pod are the rule, so the last prefix is tried first: one native search, no slice to hash.
  private readonly prefixes = new Map<string, {prefix: LinePrefix; text: string}>()
  private last: {prefix: LinePrefix; text: string} | undefined

  scan(line: string): void {
    this.line = line
    this.prefix = undefined
    this.format = undefined
    this.json = undefined
    let from = 0
    const last = this.last
    if (last !== undefined && line.indexOf(last.text) === 0) {
      this.prefix = last.prefix
      from = last.text.length
    } else if (line.startsWith('[pod/')) {
      // Names hold no "]", so a prefix ends at the line's first "] ".
      const text = line.slice(0, line.indexOf('] ') + 2)
      let known = this.prefixes.get(text)
      if (known === undefined) {
        const m = PREFIX.exec(line)
        if (m) this.prefixes.set(text, (known = {prefix: {pod: m[1], container: m[2]}, text}))
      }
      if (known !== undefined) {
        this.last = known
        this.prefix = known.prefix
        from = text.length
      }
    }
    if (line.charCodeAt(from) !== 123 /* { */) {
      if (!scanIstioText(line, from)) return
      this.format = 'istio-text'
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
  }

  /** Finds the last line's slot in `memo` (false: the line has none; trace it on its own). */
  slot(memo: KeyTrie): boolean {
    if (this.format !== 'istio-text') return envoyJsonSlot(this.json!, memo, this)
    istioTextSlot(this.line, memo, this)
    return true
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
