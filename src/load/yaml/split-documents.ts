/**
 * How `kubectl apply -f` cuts a file into documents, before any YAML is parsed (k8s.io/apimachinery v0.32
 * `pkg/util/yaml/decoder.go`). `NewYAMLOrJSONDecoder` looks at the first 4096 bytes: a stream starting
 * with "{" is read as concatenated JSON values (`GuessJSONStream`, `hasJSONPrefix`); anything else is
 * split by `YAMLReader.Read` at every line that starts with "---", and a separator followed by anything
 * but blanks or a comment is an error. Each piece is then parsed on its own.
 */

export interface Piece {
  start: number
  end: number
}

export interface Split {
  format: 'yaml' | 'json'
  pieces: Piece[]
  /** Where kubectl stops reading this file, with its message. */
  error?: {offset: number; message: string}
}

/** Go's unicode.IsSpace (bytes.TrimLeftFunc in hasPrefix; strings.TrimSpace after a separator). */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/
const GO_SPACE_END = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/

export function splitDocuments(text: string): Split {
  const head = text.slice(0, 4096)
  if (head[GO_SPACE.exec(head)![0].length] === '{') return splitJsonValues(text)
  const pieces: Piece[] = []
  let start = 0
  for (let sep = text.startsWith('---') ? 0 : nextSeparator(text, 0); sep !== -1; sep = nextSeparator(text, start)) {
    const newline = text.indexOf('\n', sep)
    const lineEnd = newline === -1 ? text.length : newline + 1
    const rest = goTrimSpace(text.slice(sep + 3, lineEnd))
    if (rest !== '' && rest[0] !== '#') return {format: 'yaml', pieces, error: {offset: sep, message: `invalid Yaml document separator: ${rest}`}}
    if (sep > start) pieces.push({start, end: sep})
    start = lineEnd
  }
  if (text.length > start) pieces.push({start, end: text.length})
  return {format: 'yaml', pieces}
}

/** The offset of the next line at or after `from` (a line start) that begins with "---", or -1. */
function nextSeparator(text: string, from: number): number {
  if (from >= text.length) return -1
  const i = text.indexOf('\n---', from - 1)
  return i === -1 ? -1 : i + 1
}

function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE, '').replace(GO_SPACE_END, '')
}

/**
 * Concatenated JSON values, as encoding/json's Decoder reads a stream: each value's extent, or where the
 * stream stops being JSON. Values are checked with JSON.parse by the caller; this only finds their ends.
 */
function splitJsonValues(text: string): Split {
  const pieces: Piece[] = []
  let i = 0
  for (;;) {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++
    if (i >= text.length) return {format: 'json', pieces}
    const start = i
    if (text[i] !== '{' && text[i] !== '[') {
      // Not an object: JSON.parse reports it; the stream stops there.
      pieces.push({start, end: text.length})
      return {format: 'json', pieces}
    }
    let depth = 0
    for (; i < text.length; i++) {
      const c = text[i]
      if (c === '"') {
        for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++
      } else if (c === '{' || c === '[') depth++
      else if (c === '}' || c === ']') {
        depth--
        if (depth === 0) {
          i++
          break
        }
      }
    }
    pieces.push({start, end: i})
    if (depth !== 0) return {format: 'json', pieces}
  }
}
