import {readFile} from 'node:fs/promises'
import {completionLines, complete, type ManifestCommand} from './complete.js'
import {inputLookups} from './lookups.js'

/** Commands that come from oclif plugins rather than commands/, so the manifest does not list them. */
const PLUGIN_COMMANDS: ManifestCommand[] = [{id: 'help', summary: 'Display help for a command.', flags: {}}]

/**
 * `kubectl_complete-egress WORD…`: reads the oclif manifest (no oclif start-up), prints candidates and the
 * directive on stdout and, as cobra does, "Completion ended with directive: …" on stderr.
 */
export async function main(manifestUrl: URL, words: readonly string[]): Promise<void> {
  const manifest = JSON.parse(await readFile(manifestUrl, 'utf8')) as {commands: Record<string, ManifestCommand>}
  const commands = [...Object.values(manifest.commands).filter((c) => !(c as {hidden?: boolean}).hidden), ...PLUGIN_COMMANDS]
  const result = await complete(commands, words.length === 0 ? [''] : words, inputLookups)
  process.stdout.write(completionLines(result))
  process.stderr.write(`Completion ended with directive: ${result.directive}\n`)
}
