type Position = readonly [line: number, column: number]

export interface Layout {
  /** The object as block YAML, every scalar on its own line. */
  text: string
  /** Where each value is, keyed by JSON pointer, as the loader records it: a map entry at its key, a list item at its value. */
  positions: Map<string, Position>
}

/**
 * An object read from the API server written as YAML, recording each value's position while writing it:
 * with every scalar on one line (a string is quoted unless it reads back as the same string under YAML 1.1
 * and 1.2 alike), positions need no parsing. Re-reading 10,000 objects with the yaml library took 10 s
 * here; this takes a fraction of that, and `snapshot` prints the same text, so a position names a line of it.
 */
export function layoutYaml(object: Record<string, unknown>): Layout {
  const lines: string[] = []
  const positions = layout(object, (line) => lines.push(line()))
  return {text: lines.join('\n') + '\n', positions}
}

/** The positions alone: every line is counted but none is written. */
export function yamlPositions(object: Record<string, unknown>): Map<string, Position> {
  return layout(object, () => {})
}

/** Walks the object line by line; `emit` gets each line as a thunk, so counting lines builds no text. */
function layout(object: Record<string, unknown>, emit: (line: () => string) => void): Map<string, Position> {
  let count = 0
  const push = (line: () => string) => {
    count++
    emit(line)
  }
  const positions = new Map<string, Position>([['', [1, 1]]])
  writeMap(object, '', 0, '')
  return positions

  function writeMap(map: Record<string, unknown>, path: string, indent: number, firstPrefix: string): void {
    let prefix = firstPrefix
    for (const [key, value] of Object.entries(map)) {
      const start = prefix || ' '.repeat(indent)
      prefix = ''
      const child = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
      positions.set(child, [count + 1, start.length + 1])
      writeValue(value, child, indent + 2, () => start + scalar(key) + ':')
    }
  }

  /** `line` ends with "key:" or "-": the value follows on it when it is a scalar or empty, else below it. */
  function writeValue(value: unknown, path: string, indent: number, line: () => string): void {
    if (isMap(value) && Object.keys(value).length > 0) {
      push(line)
      writeMap(value, path, indent, '')
    } else if (Array.isArray(value) && value.length > 0) {
      push(line)
      writeSeq(value, path, indent)
    } else push(() => `${line()} ${isMap(value) ? '{}' : Array.isArray(value) ? '[]' : scalar(value)}`)
  }

  function writeSeq(items: unknown[], path: string, indent: number): void {
    const dash = ' '.repeat(indent) + '- '
    items.forEach((item, i) => {
      const child = `${path}/${i}`
      if (isMap(item) && Object.keys(item).length > 0) {
        positions.set(child, [count + 1, dash.length + 1])
        writeMap(item, child, indent + 2, dash)
        return
      }
      // A non-empty list in a list starts on the line after its "-".
      const nested = Array.isArray(item) && item.length > 0
      positions.set(child, nested ? [count + 2, indent + 3] : [count + 1, dash.length + 1])
      writeValue(item, child, indent + 2, () => dash.trimEnd())
    })
  }
}

/**
 * Plain only when YAML 1.1 (kubectl's sigs.k8s.io/yaml) and 1.2 both read the same string back: 1.1's
 * booleans and null are quoted, and so are "e0" and "e-0", floats to the yaml library's 1.1 schema (its
 * mantissa is optional: yaml dist/schema/yaml-1.1/float.js).
 */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/
const NOT_STRINGS = /^(y|yes|n|no|true|false|on|off|null|e-?\d+)$/i

function scalar(value: unknown): string {
  if (typeof value === 'string') {
    if (PLAIN.test(value) && !NOT_STRINGS.test(value)) return value
    // A JSON string is a YAML double-quoted scalar, once the characters YAML 1.1 takes as line breaks are escaped.
    return JSON.stringify(value).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return 'null'
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
