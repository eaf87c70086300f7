/**
 * Splits a command line into the plugin's own flags and the REQUEST words, so that
 * `trace --from curl/curl curl -sI https://x` works without `--`: the request starts at the first word
 * that is neither one of our flags nor a flag's value. A request never starts with a dash, so an unknown
 * dash word before it stays with the flags, where parsing rejects it ("--frm": did you mean --from?).
 */
export function splitRequestArgv(argv: readonly string[], flags: Record<string, {type: string; char?: string}>): {own: string[]; request: string[]} {
  const takesValue = new Set<string>()
  const known = new Set<string>()
  for (const [name, def] of Object.entries(flags)) {
    known.add(`--${name}`)
    if (def.char) known.add(`-${def.char}`)
    if (def.type === 'option') {
      takesValue.add(`--${name}`)
      if (def.char) takesValue.add(`-${def.char}`)
    }
  }
  const own: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]
    if (word === '--') return {own, request: argv.slice(i + 1)}
    const name = word.includes('=') ? word.slice(0, word.indexOf('=')) : word
    if (!known.has(name) && !word.startsWith('-')) return {own, request: argv.slice(i)}
    own.push(word)
    if (takesValue.has(name) && !word.includes('=') && i + 1 < argv.length) own.push(argv[++i])
  }
  return {own, request: []}
}
