/**
 * Envoy's safe_regex and Istio's Go validation use RE2, which refuses what backtracking engines accept:
 * lookaround, backreferences, atomic groups and possessive quantifiers (github.com/google/re2/wiki/Syntax,
 * "NOT SUPPORTED"). The simulator evaluates regexes with JavaScript's engine, so anything RE2 would
 * refuse must be caught here rather than evaluated.
 */
export function re2Problem(source: string): string | null {
  let inClass = false
  for (let i = 0; i < source.length; i++) {
    const c = source[i]
    if (c === '\\') {
      const next = source[i + 1] ?? ''
      if (!inClass && /[1-9]/.test(next)) return `backreference \\${next} is not supported by RE2`
      if (!inClass && next === 'k' && source[i + 2] === '<') return 'named backreference \\k<…> is not supported by RE2'
      i++
      continue
    }
    if (inClass) {
      if (c === ']') inClass = false
      continue
    }
    if (c === '[') {
      inClass = true
      // "[]" and "[^]" take the "]" literally.
      if (source[i + 1] === '^') i++
      if (source[i + 1] === ']') i++
      continue
    }
    if (c === '(' && source[i + 1] === '?') {
      const rest = source.slice(i + 2, i + 4)
      if (rest.startsWith('=') || rest.startsWith('!')) return `lookahead (?${rest[0]} is not supported by RE2`
      if (rest === '<=' || rest === '<!') return `lookbehind (?${rest} is not supported by RE2`
      if (rest.startsWith('>')) return 'atomic group (?> is not supported by RE2'
    }
    if ((c === '*' || c === '+' || c === '?' || c === '}') && source[i + 1] === '+') return `bad repetition operator: ${c}+`
  }
  if (inClass) return 'missing closing ]'
  return jsRegex(source) ? null : 'invalid regular expression'
}

/**
 * The JavaScript RegExp for an RE2 source: RE2's Python-style named group "(?P<n>" becomes "(?<n>"; no
 * "u" flag, because RE2 accepts escapes such as "\-" that JavaScript refuses in unicode mode.
 */
export function jsRegex(source: string, flags = ''): RegExp | null {
  try {
    return new RegExp(source.replace(/\(\?P</g, '(?<'), flags)
  } catch {
    return null
  }
}
