/**
 * The text of plain and quoted scalars, as libyaml's scanner builds it (goyaml.v2 scannerc.go
 * `yaml_parser_scan_plain_scalar`, `yaml_parser_scan_flow_scalar`): line breaks fold to one space, empty
 * lines to "\n", blanks around a break are dropped; double quotes know YAML 1.1's escapes only.
 */

type Fail = (offset: number, message: string) => Error

/** Characters that cannot start a plain scalar (libyaml: "found character that cannot start any token"). */
const BAD_PLAIN_START = /^[\t,%|>@`]/

export function foldPlain(source: string, fail: Fail): string {
  if (BAD_PLAIN_START.test(source)) throw fail(0, 'found character that cannot start any token')
  if (!source.includes('\n')) return source.endsWith('\r') ? source.slice(0, -1) : source
  const lines = source.split('\n')
  let out = trimEnd(lines[0])
  let breaks = 0
  for (let i = 1; i < lines.length; i++) {
    const line = trim(lines[i])
    if (line === '') {
      breaks++
      continue
    }
    out += breaks === 0 ? ' ' : '\n'.repeat(breaks)
    out += line
    breaks = 0
  }
  return out
}

export function foldSingleQuoted(source: string, fail: Fail): string {
  if (source.length < 2 || source[source.length - 1] !== "'") throw fail(source.length, 'found unexpected end of stream while scanning a quoted scalar')
  return fold(
    source.slice(1, -1),
    (text, i, out) => {
      if (text[i] === "'" && text[i + 1] === "'") {
        out.push("'")
        return i + 2
      }
      return -1
    },
    fail,
  )
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  "'": "'",
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
}
const JSON_ESCAPES: Record<string, string> = {'"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t'}

/** `json`: the text is a JSON string (kubectl read the stream as JSON), whose escapes include "\/". */
export function foldDoubleQuoted(source: string, json: boolean, fail: Fail): string {
  if (source.length < 2 || source[source.length - 1] !== '"') throw fail(source.length, 'found unexpected end of stream while scanning a quoted scalar')
  const escapes = json ? JSON_ESCAPES : ESCAPES
  return fold(
    source.slice(1, -1),
    (text, i, out) => {
      if (text[i] !== '\\') return -1
      const c = text[i + 1]
      if (c === '\n' || (c === '\r' && text[i + 2] === '\n')) return -2
      const simple = escapes[c]
      if (simple !== undefined) {
        out.push(simple)
        return i + 2
      }
      const length = c === 'x' && !json ? 2 : c === 'u' ? 4 : c === 'U' && !json ? 8 : 0
      if (length === 0) throw fail(i + 1, 'found unknown escape character while parsing a quoted scalar')
      const hex = text.slice(i + 2, i + 2 + length)
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) throw fail(i + 1, 'did not find expected hexdecimal number while parsing a quoted scalar')
      const code = parseInt(hex, 16)
      if (json && code >= 0xd800 && code <= 0xdfff) {
        out.push(String.fromCharCode(code))
        return i + 2 + length
      }
      if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw fail(i + 1, 'found invalid Unicode character escape code while parsing a quoted scalar')
      out.push(String.fromCodePoint(code))
      return i + 2 + length
    },
    fail,
  )
}

/**
 * Folds the inside of a quoted scalar. `special` handles an escape at `i` (pushing its text and returning
 * the next index), returns -1 for an ordinary character, -2 for an escaped line break.
 */
function fold(text: string, special: (text: string, i: number, out: string[]) => number, fail: Fail): string {
  if (!text.includes('\n') && !text.includes('\\') && !text.includes("''")) return text
  const out: string[] = []
  let blanks = ''
  for (let i = 0; i < text.length; ) {
    const c = text[i]
    if (c === ' ' || c === '\t') {
      blanks += c
      i++
      continue
    }
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      blanks = ''
      let breaks = 0
      while (i < text.length) {
        if (text[i] === '\r' && text[i + 1] === '\n') i++
        if (text[i] !== '\n') break
        breaks++
        i++
        if (text.startsWith('...', i) || text.startsWith('---', i)) {
          const after = text[i + 3]
          if (after === undefined || after === ' ' || after === '\t' || after === '\n' || after === '\r')
            throw fail(i, 'found unexpected document indicator while scanning a quoted scalar')
        }
        while (text[i] === ' ' || text[i] === '\t') i++
      }
      out.push(breaks === 1 ? ' ' : '\n'.repeat(breaks - 1))
      continue
    }
    if (blanks !== '') {
      out.push(blanks)
      blanks = ''
    }
    const next = special(text, i, out)
    if (next === -2) {
      // An escaped line break joins the lines; blanks at the start of the next one are dropped.
      i += text[i + 1] === '\r' ? 3 : 2
      while (text[i] === ' ' || text[i] === '\t') i++
      let breaks = 0
      while (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) {
        i += text[i] === '\r' ? 2 : 1
        breaks++
        while (text[i] === ' ' || text[i] === '\t') i++
      }
      out.push('\n'.repeat(breaks))
      continue
    }
    if (next >= 0) {
      i = next
      continue
    }
    out.push(c)
    i++
  }
  out.push(blanks)
  return out.join('')
}

function trim(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && (s[a] === ' ' || s[a] === '\t')) a++
  while (b > a && (s[b - 1] === ' ' || s[b - 1] === '\t' || s[b - 1] === '\r')) b--
  return s.slice(a, b)
}

function trimEnd(s: string): string {
  let b = s.length
  while (b > 0 && (s[b - 1] === ' ' || s[b - 1] === '\t' || s[b - 1] === '\r')) b--
  return s.slice(0, b)
}
