/**
 * Did-you-mean candidates for a mistyped word, as cobra (and so kubectl) chooses them: a case-insensitive
 * Levenshtein distance of at most 2, or the typed word being a prefix of the candidate
 * (spf13/cobra command.go `SuggestionsFor`, `SuggestionsMinimumDistance` defaulting to 2). Closest first.
 */
export function suggest(typed: string, candidates: Iterable<string>): string[] {
  const word = typed.toLowerCase()
  const scored: Array<[string, number]> = []
  for (const c of new Set(candidates)) {
    const distance = levenshtein(word, c.toLowerCase())
    if (distance <= 2 || (word.length > 0 && c.toLowerCase().startsWith(word))) scored.push([c, distance])
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([c]) => c)
}

/** "did you mean X?" / "did you mean X or Y?", or "" when nothing is near. */
export function didYouMean(typed: string, candidates: Iterable<string>): string {
  const near = suggest(typed, candidates).slice(0, 3)
  return near.length === 0 ? '' : `did you mean ${near.join(' or ')}?`
}

function levenshtein(s: string, t: string): number {
  let previous = Array.from({length: t.length + 1}, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const row = [i]
    for (let j = 1; j <= t.length; j++) row[j] = s[i - 1] === t[j - 1] ? previous[j - 1] : 1 + Math.min(previous[j], row[j - 1], previous[j - 1])
    previous = row
  }
  return previous[t.length]
}
