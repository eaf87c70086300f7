import {flush} from '@oclif/core'
import type {Command} from '@oclif/core'
import {failureOf, wantsVerbose} from './failure.js'
import type {HotCommand} from './hot-commands.js'

/** The commands `bin/run.js` starts from their prebuilt bundle (scripts/bundle.js) instead of through oclif's index. */
const HOT = {
  trace: () => import('../../commands/trace.js'),
  validate: () => import('../../commands/validate.js'),
  rules: () => import('../../commands/rules.js'),
  explain: () => import('../../commands/explain.js'),
  test: () => import('../../commands/test.js'),
  diff: () => import('../../commands/diff.js'),
} satisfies Record<HotCommand, () => Promise<{default: typeof Command}>>

/**
 * What oclif's `Config` gives a command that runs here: its bin name and user agent (the lean Command,
 * src/cli/lean-command.ts, runs no hooks). Loading the real Config reads every plugin's manifest, which is most
 * of the start-up cost this path exists to avoid.
 */
function leanConfig(): Command['config'] {
  return {bin: 'kubectl-egress', userAgent: `kubectl-egress node-${process.version}`} as unknown as Command['config']
}

/** Runs a hot command as oclif's `run` would, with the same failure handling as bin/run.js's oclif path. */
export async function runHot(id: HotCommand, argv: string[]): Promise<void> {
  try {
    const {default: Cmd} = await HOT[id]()
    Cmd.id = id
    // `_run` is what oclif's Config.runCommand calls: init, run, catch, finally.
    const cmd = new (Cmd as unknown as new (argv: string[], config: Command['config']) => {_run(): Promise<unknown>})(argv, leanConfig())
    await cmd._run()
    await flush()
  } catch (err) {
    const failure = failureOf(err, {verbose: wantsVerbose(argv)})
    if (failure.lines.length > 0) process.stderr.write(failure.lines.join('\n') + '\n')
    await flush()
    process.exit(failure.status)
  }
}
