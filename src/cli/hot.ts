import {flush} from '@oclif/core'
import type {Command} from '@oclif/core'
import {failureOf, wantsVerbose} from './failure.js'
import type {HotCommand} from './hot-commands.js'

/**
 * What oclif's `Config` gives a command that runs here: its bin name and user agent (the lean Command,
 * src/cli/lean-command.ts, runs no hooks). Loading the real Config reads every plugin's manifest, which is most
 * of the start-up cost this path exists to avoid.
 */
function leanConfig(): Command['config'] {
  return {bin: 'kubectl-egress', userAgent: `kubectl-egress node-${process.version}`} as unknown as Command['config']
}

/**
 * Runs a hot command as oclif's `run` would, with the same failure handling as bin/run.js's oclif path. Each
 * command's bundle (scripts/bundle.js) is this module and the command's class.
 */
export async function runHot(Cmd: typeof Command, id: HotCommand, argv: string[]): Promise<void> {
  try {
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
