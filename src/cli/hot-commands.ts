/** The commands that run from a prebuilt bundle (src/cli/hot.ts) when the command line is unambiguous. */
export const HOT_COMMANDS = ['trace', 'validate', 'rules', 'explain', 'test', 'diff'] as const

export type HotCommand = (typeof HOT_COMMANDS)[number]

/**
 * A known hot command, no help flag anywhere: everything else (help, completion, other commands) goes through
 * oclif, as does every command with KUBECTL_EGRESS_BUNDLE=0 (to tell a bundling fault from a command's own).
 */
export function hotCommandOf(argv: readonly string[], env: NodeJS.ProcessEnv): HotCommand | undefined {
  if (env.KUBECTL_EGRESS_BUNDLE === '0') return undefined
  const id = HOT_COMMANDS.find((c) => c === argv[0])
  return id !== undefined && !argv.some((a) => a === '-h' || a === '--help') ? id : undefined
}

/**
 * A command line oclif may answer with help alone: src/cli/help-fast.ts prints it from the help bundle, or
 * hands it back to oclif. KUBECTL_EGRESS_BUNDLE=0 sends help through oclif too.
 */
export function mayBeHelp(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  if (env.KUBECTL_EGRESS_BUNDLE === '0') return false
  return argv.length === 0 || argv[0] === 'help' || argv.some((a) => a === '-h' || a === '--help')
}
