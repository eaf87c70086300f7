import {EXIT, InputError} from './exit.js'
import {didYouMean} from './suggest.js'

/** What the user is told when a command fails, and the exit status. */
export interface Failure {
  lines: string[]
  status: number
}

/** The flags of the command that failed, for "did you mean --from?". */
export type FlagNames = Record<string, {char?: string; aliases?: string[]}>

type Thrown = Error & {code?: unknown; oclif?: {exit?: number}; parse?: unknown; flags?: unknown}

/**
 * Sorts every error a command can end with into what it means for the user: bad input (2) told in one
 * line per problem, a status the command chose (oclif's `this.exit`), or an internal error (70, BSD
 * sysexits.h EX_SOFTWARE) — never exit 1, which every command reserves for its documented verdict.
 */
export function failureOf(err: unknown, opts: {flags?: FlagNames; verbose: boolean}): Failure {
  const e = (err instanceof Error ? err : new Error(String(err))) as Thrown
  if (e.code === 'EEXIT') return {lines: [], status: e.oclif?.exit ?? EXIT.ok}
  if (e instanceof InputError) return {lines: e.lines.map((l) => `error: ${l}`), status: e.status}
  if (Array.isArray(e.flags) && e.parse !== undefined) return {lines: (e.flags as string[]).map((f) => unknownFlag(f, opts.flags ?? {})), status: EXIT.badInput}
  // oclif's other parse and usage errors (a bad option value, a missing or unexpected argument, a topic without a command).
  if (e.oclif?.exit !== undefined && e.oclif.exit !== 0) return {lines: oclifLines(e.message).map((l) => `error: ${l}`), status: EXIT.badInput}
  return {lines: internal(e, opts.verbose), status: EXIT.internal}
}

function unknownFlag(flag: string, flags: FlagNames): string {
  const names = Object.entries(flags).flatMap(([name, def]) => [
    `--${name}`,
    ...(def.aliases ?? []).map((a) => (a.length === 1 ? `-${a}` : `--${a}`)),
    ...(def.char ? [`-${def.char}`] : []),
  ])
  // A one-letter flag is within two edits of every other: only long names get a suggestion.
  const hint = flag.startsWith('--')
    ? didYouMean(
        flag,
        names.filter((n) => n.startsWith('--')),
      )
    : ''
  return `error: unknown flag ${flag}${hint ? `; ${hint}` : ''} (see -h for the flags)`
}

/** oclif wraps its messages in headers and a help pointer; keep only what names the problem. */
function oclifLines(message: string): string[] {
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^See more help with --help$/.test(l) && !/^The following errors? occurred:$/.test(l))
}

function internal(e: Error, verbose: boolean): string[] {
  const line = `error: internal error in kubectl-egress (a bug, not a verdict about your policies): ${e.message.split('\n')[0]} — please report it to the kubectl-egress maintainers with this command line and its input files; -v adds the stack trace`
  return verbose && e.stack ? [line, e.stack] : [line]
}

/** -v / --verbose among the command's own words (before `--`), for the stack of an internal error. */
export function wantsVerbose(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '-v' || a === '--verbose')
}
