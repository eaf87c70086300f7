import type {Hook} from '@oclif/core'
import {InputError} from './exit.js'
import {didYouMean} from './suggest.js'

/** `kubectl egress tracee` → the nearest command, as kubectl suggests its own (cobra's SuggestionsFor). */
const hook: Hook<'command_not_found'> = async function ({id, config}) {
  const typed = id.replaceAll(':', ' ')
  const commands = config.commands.filter((c) => !c.hidden).map((c) => c.id.replaceAll(':', ' '))
  const hint = didYouMean(typed.split(' ')[0], commands)
  throw new InputError([`unknown command "${typed}" for "kubectl egress"${hint ? `; ${hint}` : ''} (kubectl egress -h lists them)`])
}

export default hook
