import {fail, ok, type Result} from './error.js'

/** Characters a POSIX shell would treat as operators when unquoted: we split words, we do not run a shell. */
const SHELL_OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '`'])
/** Characters that a backslash still escapes inside double quotes (POSIX 2.2.3). */
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(['$', '`', '"', '\\', '\n'])

/**
 * Split a command line into words as a POSIX shell would: single quotes are literal, double quotes keep
 * a backslash unless it escapes one of $ ` " \ newline, and an unquoted backslash escapes the next
 * character. Expansions and operators are refused rather than guessed.
 *
 * @example splitWords(`curl -H 'Host: a b' "x\\"y"`) // ok(['curl', '-H', 'Host: a b', 'x"y'])
 */
export function splitWords(line: string): Result<string[]> {
  const words: string[] = []
  let word = ''
  let inWord = false
  let i = 0
  const finish = () => {
    if (inWord) words.push(word)
    word = ''
    inWord = false
  }
  while (i < line.length) {
    const c = line[i]
    if (c === ' ' || c === '\t' || c === '\n') {
      finish()
      i++
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) return fail('REQUEST_UNTERMINATED_QUOTE', 'single quote is never closed', line.slice(i))
      word += line.slice(i + 1, end)
      inWord = true
      i = end + 1
    } else if (c === '"') {
      const quoted = readDoubleQuoted(line, i + 1)
      if (!quoted.ok) return quoted
      word += quoted.value.text
      inWord = true
      i = quoted.value.end
    } else if (c === '\\') {
      if (i + 1 >= line.length) return fail('REQUEST_TRAILING_BACKSLASH', 'the line ends with a backslash')
      // backslash-newline is a line continuation: both vanish
      if (line[i + 1] !== '\n') {
        word += line[i + 1]
        inWord = true
      }
      i += 2
    } else if (SHELL_OPERATORS.has(c)) {
      return fail('REQUEST_SHELL_SYNTAX', `shell operator ${c} is not supported: give one command`, c)
    } else if (c === '$' && startsExpansion(line, i)) {
      return fail('REQUEST_SHELL_SYNTAX', 'shell expansions are not supported: write the value out', line.slice(i))
    } else {
      word += c
      inWord = true
      i++
    }
  }
  finish()
  return ok(words)
}

function readDoubleQuoted(line: string, start: number): Result<{text: string; end: number}> {
  let text = ''
  for (let i = start; i < line.length; i++) {
    const c = line[i]
    if (c === '"') return ok({text, end: i + 1})
    if (c === '\\' && i + 1 < line.length && ESCAPABLE_IN_DOUBLE_QUOTES.has(line[i + 1])) {
      if (line[i + 1] !== '\n') text += line[i + 1]
      i++
    } else if (c === '`' || (c === '$' && startsExpansion(line, i))) {
      return fail('REQUEST_SHELL_SYNTAX', 'shell expansions are not supported: write the value out', line.slice(i))
    } else {
      text += c
    }
  }
  return fail('REQUEST_UNTERMINATED_QUOTE', 'double quote is never closed', line.slice(start - 1))
}

/** `$name`, `${…}`, `$(…)`, `$1`, bash's `$'…'`… expand in a shell; a lone `$` stays literal. */
function startsExpansion(line: string, dollar: number): boolean {
  return /^[A-Za-z0-9_{(?#@*!$'"-]/.test(line[dollar + 1] ?? '')
}
