import {parse} from '@oclif/core/parser'
import type {Command as OclifCommand, Interfaces} from '@oclif/core'

type Definition = {flags?: Interfaces.FlagInput; args?: Interfaces.ArgInput; strict?: boolean; '--'?: boolean}

/**
 * What an oclif `Command` does when a hot command runs (src/cli/hot.ts), on oclif's own flag parser
 * (`@oclif/core/parser`): `_run` = init, run, catch, finally; `parse` with the command as context; `exit` as
 * oclif's EEXIT error. The bundle (scripts/bundle.js) puts it in place of oclif's `Command`, whose module also
 * loads Config, help and ux. The flag definitions stay oclif's (`Flags.*`), so both paths parse alike.
 */
export abstract class Command {
  static id: string
  static flags: Interfaces.FlagInput = {}
  static args: Interfaces.ArgInput = {}
  static strict = true
  id: string
  parsed = false

  constructor(
    public argv: string[],
    public config: OclifCommand['config'],
  ) {
    this.id = (this.constructor as typeof Command).id
  }

  abstract run(): Promise<unknown>

  async _run(): Promise<unknown> {
    let err: unknown
    let result: unknown
    try {
      await this.init()
      result = await this.run()
    } catch (error) {
      err = error
      await this.catch(error as Error)
    } finally {
      await this.finally(err)
    }
    return result
  }

  protected async init(): Promise<void> {}

  protected async catch(err: Error): Promise<unknown> {
    throw err
  }

  protected async finally(_: unknown): Promise<void> {}

  // oclif's Command.parse without the preparse hook: this package registers none (package.json "oclif.hooks").
  protected async parse(options: Definition = this.constructor as typeof Command, argv = this.argv) {
    this.argv = [...argv]
    const results = await parse(argv, {context: this, ...options, flags: options.flags ?? {}} as unknown as Parameters<typeof parse>[1])
    this.parsed = true
    return results
  }

  exit(code = 0): never {
    throw Object.assign(new Error(`EEXIT: ${code}`), {code: 'EEXIT', oclif: {exit: code}})
  }
}
