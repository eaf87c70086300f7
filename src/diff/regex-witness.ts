import {stringMatches} from '../../sim/trace/match-route.js'
import type {StringMatch} from '../../sim/rules/types.js'

/**
 * A value the matcher accepts, or null when none can be constructed. Regexes are handled for the simple
 * RE2 shapes policies use — literals, escapes, `.`, classes, `\d\w\s`, groups (first alternative) and the
 * quantifiers `* + ? {n,m}` (fewest repetitions); anything else (lookaround, backreferences) gives null.
 * Every witness is checked against the real matcher before it is returned.
 */
export function witness(m: StringMatch): string | null {
  const candidate = m.kind === 'regex' ? regexWitness(m.value) : m.kind === 'present' ? 'x' : m.value
  return candidate !== null && stringMatches(m, candidate) ? candidate : null
}

/** A path for a route's path match: it starts with "/" (or is null when none can be built). */
export function pathWitness(m: StringMatch): string | null {
  const w = witness(m)
  if (w !== null && w.startsWith('/')) return w
  const slashed = w === null ? null : '/' + w
  return slashed !== null && stringMatches(m, slashed) ? slashed : null
}

function regexWitness(source: string): string | null {
  let i = 0
  const alternatives = (): string | null => {
    const first = sequence()
    while (source[i] === '|') {
      i++
      sequence()
    }
    return first
  }
  const sequence = (): string | null => {
    let out = ''
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const atom = atomAt()
      if (atom === null) return null
      const reps = quantifier()
      if (reps === null) return null
      out += atom.repeat(reps)
    }
    return out
  }
  const atomAt = (): string | null => {
    const c = source[i++]
    if (c === '^' || c === '$') return ''
    if (c === '.') return 'a'
    if (c === '(') {
      if (source[i] === '?') {
        if (source.slice(i, i + 2) !== '?:') return null
        i += 2
      }
      const inner = alternatives()
      if (source[i++] !== ')') return null
      return inner
    }
    if (c === '[') return classWitness()
    if (c === '\\') return escape(source[i++])
    if ('*+?{'.includes(c)) return null
    return c
  }
  const escape = (e: string | undefined): string | null => {
    if (e === undefined) return null
    if (e === 'd') return '0'
    if (e === 'w') return 'a'
    if (e === 's') return ' '
    if (/[A-Za-z0-9]/.test(e)) return null
    return e
  }
  const classWitness = (): string | null => {
    const end = source.indexOf(']', i + 1)
    if (end < 0) return null
    const body = source.slice(i, end)
    i = end + 1
    if (body.startsWith('^')) {
      for (const c of 'a0/-_.') if (new RegExp(`[${body}]`, 'u').test(c)) return c
      return null
    }
    if (body.startsWith('\\')) return escape(body[1])
    return body[0]
  }
  const quantifier = (): number | null => {
    const q = source[i]
    if (q === '*' || q === '?') return i++, skipLazy(0)
    if (q === '+') return i++, skipLazy(1)
    if (q === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(source.slice(i))
      if (!m) return null
      i += m[0].length
      return skipLazy(Number(m[1]))
    }
    return 1
  }
  const skipLazy = (n: number) => {
    if (source[i] === '?') i++
    return n
  }
  const result = alternatives()
  return i === source.length ? result : null
}
