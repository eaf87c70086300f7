import {re2Compiled, re2Quote} from '../../sim/rules/re2.js'
import type {StringMatch} from '../../sim/rules/types.js'
import {stringMatches} from '../../sim/trace/match-route.js'

/**
 * Values that a string matcher accepts, or that one matcher accepts and another refuses, built from the
 * program RE2 compiles for them (re2js's compiled instructions: the same parse and simplification the
 * engine matches with), so any valid RE2 gets one. The search walks the two programs side by side over a
 * small alphabet, shortest value first; every value found is checked with the real matcher before it is
 * returned. Null means no value was found within the search's bounds (or a matcher is not valid RE2).
 */

/** Which characters a witness may use: what can stand in a request path, a header value or a method. */
export type WitnessAlphabet = 'path' | 'header' | 'method'

// Letters and digits first, so that the first value found reads like a name.
const ALPHABETS: Record<WitnessAlphabet, string> = {
  // After the leading "/": RFC 3986 pchar and "/", without "%" (an escape), "?" and "#" (they end the path).
  path: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~!$&'()*+,;=:@",
  header: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -._~!"#$%&\'()*+,/:;<=>?@[\\]^`{|}',
  method: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
}

export function witness(m: StringMatch, alphabet: WitnessAlphabet = 'header'): string | null {
  return search(m, undefined, alphabet).value
}

/** A path the matcher accepts (or null when none can be built). */
export function pathWitness(m: StringMatch): string | null {
  return witness(m, 'path')
}

/**
 * A value `accept` matches and `refuse` does not. Without one, `exhausted` says whether the whole joint
 * program was explored (so there is none over this alphabet) rather than the search giving up.
 */
export interface Search {
  value: string | null
  exhausted: boolean
}

export function distinguishing(accept: StringMatch, refuse: StringMatch, alphabet: WitnessAlphabet): Search {
  return search(accept, refuse, alphabet)
}

const MAX_STATES = 4000
const MAX_LENGTH = 64

function search(accept: StringMatch, refuse: StringMatch | undefined, alphabet: WitnessAlphabet): Search {
  const a = program(accept)
  const b = refuse ? program(refuse) : EMPTY
  if (!a || !b) return GAVE_UP
  const chars = ALPHABETS[alphabet]
  const begin: State = {a: [a.start], b: b === EMPTY ? [] : [b.start], prev: undefined, text: ''}
  // A request path starts with "/".
  const start = alphabet === 'path' ? {a: step(a, begin.a, undefined, '/'), b: step(b, begin.b, undefined, '/'), prev: '/', text: '/'} : begin
  const seen = new Set<string>()
  let queue = [start]
  let truncated = false
  while (queue.length > 0) {
    const next: State[] = []
    for (const s of queue) {
      if (accepts(a, s.a, s.prev, undefined) && !accepts(b, s.b, s.prev, undefined)) {
        const ok = stringMatches(accept, s.text) && !(refuse && stringMatches(refuse, s.text))
        if (ok) return {value: s.text, exhausted: false}
      }
      if (s.text.length >= MAX_LENGTH) {
        truncated = true
        continue
      }
      for (const c of chars) {
        const na = step(a, s.a, s.prev, c)
        if (na.length === 0) continue
        const nb = step(b, s.b, s.prev, c)
        const key = `${na.join(',')}|${nb.join(',')}|${charClass(c)}`
        if (seen.has(key)) continue
        if (seen.size >= MAX_STATES) return GAVE_UP
        seen.add(key)
        next.push({a: na, b: nb, prev: c, text: s.text + c})
      }
    }
    queue = next
  }
  return truncated ? GAVE_UP : {value: null, exhausted: true}
}

const GAVE_UP: Search = {value: null, exhausted: false}

interface State {
  /** Program counters of each program before following empty transitions. */
  a: number[]
  b: number[]
  prev: string | undefined
  text: string
}

interface Inst {
  op: number
  out: number
  arg: number
  runes: ArrayLike<number>
  matchRune(r: number): boolean
}

interface Program {
  start: number
  inst: Inst[]
}

const EMPTY: Program = {start: 0, inst: []}

/** The RE2 regex a matcher amounts to; Pipy's search is verified against the real matcher anyway. */
function program(m: StringMatch): Program | null {
  const fold = m.caseSensitive === false ? '(?i)' : ''
  const source =
    m.kind === 'present'
      ? '(?s:.*)'
      : m.kind === 'exact'
        ? fold + re2Quote(m.value)
        : m.kind === 'prefix'
          ? fold + re2Quote(m.value) + '(?s:.*)'
          : m.mode === 'search'
            ? `(?s:.*)(?:${m.value})(?s:.*)`
            : m.value
  const prog = re2Compiled(source)?.re2().prog as Program | undefined
  return prog ?? null
}

// re2js Inst ops (Go regexp/syntax InstOp order) and EMPTY_WIDTH flags (syntax.EmptyOp).
const ALT = 1
const ALT_MATCH = 2
const CAPTURE = 3
const EMPTY_WIDTH = 4
const MATCH = 6
const NOP = 7
const RUNE = 8
const RUNE1 = 9
const RUNE_ANY = 10
const RUNE_ANY_NOT_NL = 11
const BEGIN_LINE = 1
const END_LINE = 2
const BEGIN_TEXT = 4
const END_TEXT = 8
const WORD_BOUNDARY = 16
const NO_WORD_BOUNDARY = 32

const isWord = (c: string | undefined) => c !== undefined && /^[0-9A-Za-z_]$/.test(c)

/** regexp/syntax EmptyOpContext: which empty-width assertions hold between `prev` and `next`. */
function context(prev: string | undefined, next: string | undefined): number {
  let flags = 0
  if (prev === undefined) flags |= BEGIN_TEXT | BEGIN_LINE
  if (prev === '\n') flags |= BEGIN_LINE
  if (next === undefined) flags |= END_TEXT | END_LINE
  if (next === '\n') flags |= END_LINE
  flags |= isWord(prev) !== isWord(next) ? WORD_BOUNDARY : NO_WORD_BOUNDARY
  return flags
}

/** The instructions reachable without consuming a character (the rune and match instructions). */
function closure(p: Program, pcs: readonly number[], flags: number): number[] {
  const out = new Set<number>()
  const seen = new Set<number>()
  const stack = [...pcs]
  while (stack.length > 0) {
    const pc = stack.pop()!
    if (seen.has(pc)) continue
    seen.add(pc)
    const inst = p.inst[pc]
    switch (inst.op) {
      case ALT:
      case ALT_MATCH:
        stack.push(inst.out, inst.arg)
        break
      case CAPTURE:
      case NOP:
        stack.push(inst.out)
        break
      case EMPTY_WIDTH:
        if ((inst.arg & ~flags) === 0) stack.push(inst.out)
        break
      case MATCH:
      case RUNE:
      case RUNE1:
      case RUNE_ANY:
      case RUNE_ANY_NOT_NL:
        out.add(pc)
        break
      // FAIL, and lookbehind instructions (never compiled without the LOOKBEHINDS flag), lead nowhere.
    }
  }
  return [...out]
}

function accepts(p: Program, pcs: readonly number[], prev: string | undefined, next: string | undefined): boolean {
  return closure(p, pcs, context(prev, next)).some((pc) => p.inst[pc].op === MATCH)
}

function step(p: Program, pcs: readonly number[], prev: string | undefined, c: string): number[] {
  const r = c.codePointAt(0)!
  const next = new Set<number>()
  for (const pc of closure(p, pcs, context(prev, c))) {
    const inst = p.inst[pc]
    const takes = inst.op === RUNE_ANY || (inst.op === RUNE_ANY_NOT_NL && c !== '\n') || ((inst.op === RUNE || inst.op === RUNE1) && inst.matchRune(r))
    if (takes) next.add(inst.out)
  }
  return [...next].sort((x, y) => x - y)
}

function charClass(c: string): string {
  return c === '\n' ? 'n' : isWord(c) ? 'w' : 'o'
}
