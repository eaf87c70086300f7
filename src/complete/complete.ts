/**
 * Shell completion in cobra's protocol, which kubectl (≥ 1.26) uses for plugins: kubectl runs
 * `kubectl_complete-egress WORD…` with the words typed after `kubectl egress` (the last one being completed,
 * possibly ""), relays candidates one per line (an optional TAB and description), then `:DIRECTIVE`.
 * Directive bits from spf13/cobra completions.go `ShellCompDirective`.
 */
export const DIRECTIVE = {
  default: 0,
  error: 1,
  noSpace: 2,
  noFileComp: 4,
  /** The candidates are file extensions to filter file names by (cobra's MarkFlagFilename). */
  filterFileExt: 8,
} as const

export interface Candidate {
  value: string
  description?: string
}

export interface Completion {
  candidates: Candidate[]
  directive: number
}

/** The parts of oclif.manifest.json completion reads. */
export interface ManifestFlag {
  name: string
  char?: string
  aliases?: string[]
  type: 'option' | 'boolean'
  options?: string[]
  summary?: string
  helpValue?: string
}

export interface ManifestCommand {
  id: string
  summary?: string
  flags: Record<string, ManifestFlag>
}

/** Values that only the input files or a cluster know, looked up when a word needs them. */
export interface Lookups {
  /** Clients as --from takes them (NS/SA, deploy/NAME, pod/NAME, sa/NAME), from the -f files or the cluster. */
  clients(words: ParsedWords): Promise<Candidate[]>
  namespaces(words: ParsedWords): Promise<Candidate[]>
}

/** What has been typed before the word being completed. */
export interface ParsedWords {
  command?: ManifestCommand
  /** Flag values given so far, by flag name (`filename` → ['examples/osm']). */
  values: Record<string, string[]>
  /** A `--` was typed: what follows is the request. */
  afterDashes: boolean
  /** Positional words after the command. */
  positional: string[]
  /** The last word is a flag that takes a value: the word being completed is that value. */
  pending?: ManifestFlag
}

/** kubectl's `-f`: manifests by extension (kubectl pkg/cmd/util AddFilenameOptionFlags: json, yaml, yml). */
const MANIFEST_EXTENSIONS = ['json', 'yaml', 'yml']
const FILE_FLAGS = new Set(['filename', 'filename2', 'with'])

export async function complete(commands: readonly ManifestCommand[], words: readonly string[], lookups: Lookups): Promise<Completion> {
  const typed = words.at(-1) ?? ''
  const parsed = parseWords(commands, words.slice(0, -1))
  if (!parsed.command) return byPrefix(commandCandidates(commands, parsed.positional), typed, DIRECTIVE.noFileComp)
  if (parsed.afterDashes) return {candidates: [], directive: DIRECTIVE.noFileComp}

  if (parsed.pending) return flagValue(parsed.pending, typed, '', parsed, lookups)
  if (typed.startsWith('--') && typed.includes('=')) {
    const flag = findFlag(parsed.command, typed.slice(0, typed.indexOf('=')))
    if (flag?.type === 'option') return flagValue(flag, typed.slice(typed.indexOf('=') + 1), typed.slice(0, typed.indexOf('=') + 1), parsed, lookups)
  }
  if (typed.startsWith('-')) return byPrefix(flagCandidates(parsed.command, typed), typed, DIRECTIVE.noFileComp)
  const sub = commandCandidates(commands, [...parsed.command.id.split(':'), ...parsed.positional])
  if (sub.length > 0) return byPrefix(sub, typed, DIRECTIVE.noFileComp)
  if (parsed.command.id === 'test') return {candidates: MANIFEST_EXTENSIONS.map((value) => ({value})), directive: DIRECTIVE.filterFileExt}
  return {candidates: [], directive: DIRECTIVE.noFileComp}
}

/** Walks the words before the one being completed: the command, then flags and their values. */
export function parseWords(commands: readonly ManifestCommand[], words: readonly string[]): ParsedWords {
  const parsed: ParsedWords = {values: {}, afterDashes: false, positional: []}
  let i = 0
  const ids = new Set(commands.map((c) => c.id))
  const path: string[] = []
  while (i < words.length && !words[i].startsWith('-') && ids.has([...path, words[i]].join(':')) === true) path.push(words[i++])
  // `create mesh-switch` is a command; a word after `create` that is not one is create's NAME.
  parsed.command = commands.find((c) => c.id === path.join(':'))
  if (!parsed.command) {
    parsed.positional = words.slice(0, 1)
    return parsed
  }
  for (; i < words.length; i++) {
    const word = words[i]
    if (word === '--') {
      parsed.afterDashes = true
      break
    }
    if (!word.startsWith('-') || word === '-') {
      parsed.positional.push(word)
      continue
    }
    const eq = word.indexOf('=')
    const flag = findFlag(parsed.command, eq < 0 ? word : word.slice(0, eq))
    if (flag?.type !== 'option') continue
    const value = eq >= 0 ? word.slice(eq + 1) : words[++i]
    if (value === undefined) parsed.pending = flag
    else (parsed.values[flag.name] ??= []).push(value)
  }
  return parsed
}

function commandCandidates(commands: readonly ManifestCommand[], path: readonly string[]): Candidate[] {
  const depth = path.length
  const out = new Map<string, Candidate>()
  for (const c of commands) {
    const parts = c.id.split(':')
    if (parts.length <= depth || parts.slice(0, depth).join(':') !== path.join(':')) continue
    const word = parts[depth]
    if (!out.has(word)) out.set(word, {value: word, description: parts.length === depth + 1 ? c.summary : undefined})
  }
  return [...out.values()]
}

function findFlag(command: ManifestCommand, word: string): ManifestFlag | undefined {
  const flags = Object.values(command.flags)
  if (word.startsWith('--')) return flags.find((f) => f.name === word.slice(2) || f.aliases?.includes(word.slice(2)))
  // -f2 is diff's alias of --filename2; other single-dash words are short flags.
  return flags.find((f) => (word.length === 2 && f.char === word[1]) || f.aliases?.includes(word.slice(1)))
}

function flagCandidates(command: ManifestCommand, typed: string): Candidate[] {
  const out: Candidate[] = []
  for (const f of Object.values(command.flags)) {
    out.push({value: `--${f.name}`, description: f.summary})
    if (f.char && !typed.startsWith('--')) out.push({value: `-${f.char}`, description: f.summary})
  }
  return out
}

async function flagValue(flag: ManifestFlag, typed: string, prefix: string, parsed: ParsedWords, lookups: Lookups): Promise<Completion> {
  if (FILE_FLAGS.has(flag.name)) return {candidates: MANIFEST_EXTENSIONS.map((value) => ({value})), directive: DIRECTIVE.filterFileExt}
  if (flag.name === 'kubeconfig') return {candidates: [], directive: DIRECTIVE.default}
  let values: Candidate[] = (flag.options ?? []).map((value) => ({value}))
  // -o lists its formats in its help value (text|json|…|jsonpath=TEMPLATE): it takes templates, so it has no fixed options.
  if (flag.name === 'output')
    values = (flag.helpValue ?? '')
      .split('|')
      .map((f) => (f.endsWith('=TEMPLATE') ? {value: f.slice(0, -'TEMPLATE'.length), description: "a kubectl JSONPath template, e.g. jsonpath='{.verdict}'"} : {value: f}))
  else if (flag.name === 'from') values = await lookups.clients(parsed)
  else if (flag.name === 'namespace') values = await lookups.namespaces(parsed)
  const matched = byPrefix(
    values.map((v) => ({...v, value: prefix + v.value})),
    prefix + typed,
    DIRECTIVE.noFileComp,
  )
  // `-o jsonpath=` goes on with the template: no space after it.
  if (matched.candidates.length === 1 && matched.candidates[0].value.endsWith('=')) matched.directive |= DIRECTIVE.noSpace
  return matched
}

function byPrefix(candidates: readonly Candidate[], typed: string, directive: number): Completion {
  return {candidates: candidates.filter((c) => c.value.startsWith(typed)), directive}
}

/** Lines as cobra's `__complete` prints them. */
export function completionLines(result: Completion): string {
  const lines = result.candidates.map((c) => (c.description ? `${c.value}\t${c.description.split('\n')[0]}` : c.value))
  return [...lines, `:${result.directive}`].join('\n') + '\n'
}
