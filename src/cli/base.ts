import {Command} from '@oclif/core'
import {EXIT, InputError} from './exit.js'

/**
 * Every command reports bad input as plain lines on stderr with exit status 2 — never a stack trace.
 * Anything else that escapes is a bug in kubectl-egress and is reported as such (exit 70).
 */
export abstract class EgressCommand extends Command {
  protected override async catch(err: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    if (err instanceof InputError) {
      process.stderr.write(err.lines.map((l) => `error: ${l}`).join('\n') + '\n')
      return this.exit(err.status)
    }
    // oclif's own parse errors (unknown flag, bad option value) are input errors too.
    if (err.oclif?.exit !== undefined && err.oclif.exit !== 0 && !('code' in err && err.code === 'EEXIT')) {
      process.stderr.write(`error: ${err.message.split('\n')[0]}\n`)
      return this.exit(EXIT.badInput)
    }
    return super.catch(err)
  }

  protected write(text: string): void {
    process.stdout.write(text)
  }
}
