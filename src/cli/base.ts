import {Command} from '@oclif/core'
import {provideRe2Engine} from '../regex/provide-re2.js'
import {failureOf, wantsVerbose} from './failure.js'

/**
 * Every command reports bad input as plain lines on stderr with exit status 2 — never a stack trace.
 * Anything else that escapes is a bug in kubectl-egress and is reported as such (exit 70).
 */
export abstract class EgressCommand extends Command {
  protected override async init(): Promise<void> {
    await super.init()
    provideRe2Engine()
  }

  protected override async catch(err: Error): Promise<unknown> {
    const failure = failureOf(err, {flags: (this.constructor as typeof Command).flags, verbose: wantsVerbose(this.argv)})
    if (failure.lines.length > 0) process.stderr.write(failure.lines.join('\n') + '\n')
    return this.exit(failure.status)
  }

  protected write(text: string): void {
    process.stdout.write(text)
  }
}
