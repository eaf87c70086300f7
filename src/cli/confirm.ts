import {createInterface} from 'node:readline/promises'
import {InputError} from './exit.js'

/**
 * Asks on the terminal; refuses when there is none, since a change nobody saw must not go out silently.
 * Checked before anything is read or sent.
 */
export function requireConfirmable(yes: boolean, dryRun: boolean, verb: string): void {
  if (yes || dryRun || process.stdin.isTTY) return
  throw new InputError([`refusing to ${verb} without confirmation: stdin is not a terminal; pass --yes (or --dry-run=server to preview)`])
}

export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({input: process.stdin, output: process.stderr})
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim())
  } finally {
    rl.close()
  }
}
