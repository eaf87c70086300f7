import {fromIstioJson} from './istio-json.js'
import {parseIstioText} from './istio-text.js'
import {fromOsmJson} from './osm-json.js'
import type {AccessRecord} from './record.js'

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

// kubectl logs prints a pod's lines one after another, so the last prefix seen is most often the next one.
let last: {text: string; prefix: LinePrefix} = {text: '\n', prefix: {pod: '', container: ''}}

/** One line of `kubectl logs` output, its format detected from the line alone. */
export function parseLine(line: string): ParsedLine {
  let text = line
  let prefix: LinePrefix | undefined
  if (line.startsWith('[pod/')) {
    if (line.startsWith(last.text)) {
      prefix = last.prefix
      text = line.slice(last.text.length)
    } else {
      const m = PREFIX.exec(line)
      if (m) {
        prefix = {pod: m[1], container: m[2]}
        last = {text: m[0], prefix}
        text = line.slice(m[0].length)
      }
    }
  }
  const record = text.charCodeAt(0) === 123 /* { */ ? fromJson(text) : parseIstioText(text)
  return record ? {kind: 'access', prefix, record} : {kind: 'other', prefix}
}

function fromJson(text: string): AccessRecord | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const o = value as Record<string, unknown>
  return fromIstioJson(o) ?? fromOsmJson(o)
}
