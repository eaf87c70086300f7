import {existsSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'
import {getHelpFlagAdditions, normalizeArgv} from '@oclif/core/help'
import type {Command, Interfaces} from '@oclif/core'
import KubectlPluginHelp from './help.js'

/**
 * What oclif's help reads from its `Config`, taken from the real Config at build time (scripts/help-data.js):
 * every plugin's commands and topics as oclif merged them, and the package.json fields help prints.
 */
export interface HelpData {
  name: string
  version: string
  bin: string
  topicSeparator: ':' | ' '
  pjson: Interfaces.PJSON
  commands: Command.Cached[]
  topics: Interfaces.Topic[]
  /** plugin name → its package.json `oclif.state` (help prints it above a command's help) */
  pluginStates: Record<string, string | undefined>
}

/** What oclif's Config works out at run time and help prints: `platform` (wsl on WSL) and the user's shell. */
export interface HelpHost {
  platform: string
  shell: string
}

/** Thrown where oclif's own Config would do more than look something up: the command line goes to oclif instead. */
class NotHere extends Error {}

/**
 * oclif's help, run on a Config made from `data` instead of the loaded one: the same Help class, the same
 * formatting code (bundled from @oclif/core, scripts/bundle.js), without loading plugins. Returns false, having
 * printed nothing, for anything oclif would do more for than print help (an unknown subject, a version flag, a
 * command with dynamic help, flags of the `help` command); bin/run.js then runs oclif.
 */
export async function showHelpFast(argv: string[], data: HelpData, host: HelpHost): Promise<boolean> {
  if (themedOrDebugged(data, host, process.env)) return false
  const config = helpConfig(data, host)
  const request = helpRequestOf(argv, config)
  if (request === undefined) return false
  try {
    await new KubectlPluginHelp(config, request.opts).showHelp(request.argv)
    return true
  } catch (err) {
    if (err instanceof NotHere) return false
    throw err
  }
}

/**
 * The help oclif's `run` (@oclif/core lib/main.js 4.14) would show for argv: `--version` first, then a help flag
 * anywhere before `--` (or no argument), then the `help` command (@oclif/plugin-help's, which parses its own
 * `-n` flag: any dash argument goes to oclif).
 */
function helpRequestOf(argv: string[], config: Interfaces.Config): {argv: string[]; opts: Partial<Interfaces.HelpOptions>} | undefined {
  if (argv[0] === '--version') return undefined
  const helpFlags = getHelpFlagAdditions(config)
  const end = argv.indexOf('--')
  if (argv.length === 0 || (end === -1 ? argv : argv.slice(0, end)).some((a: string) => helpFlags.includes(a))) {
    return {argv, opts: config.pjson.oclif.helpOptions ?? config.pjson.helpOptions}
  }
  const [id, ...rest] = normalizeArgv(config, argv)
  if (id !== 'help' || config.findCommand('help')?.pluginName !== '@oclif/plugin-help') return undefined
  if (rest.some((a) => a.startsWith('-'))) return undefined
  return {argv: rest, opts: {all: undefined}}
}

/**
 * A theme (the package's, or the user's theme.json in oclif's config dir) colours help, and oclif's debug output
 * goes to stderr; neither is reproduced here. Windows: oclif asks PowerShell for the shell. As Config.load
 * (@oclif/core lib/config/config.js 4.14) finds them.
 */
function themedOrDebugged(data: HelpData, host: HelpHost, env: NodeJS.ProcessEnv): boolean {
  if (host.platform === 'win32' || data.pjson.oclif.theme !== undefined) return true
  const scoped = (k: string) => env[`${data.bin.replaceAll('@', '').replaceAll(/[/-]/g, '_')}_${k}`.toUpperCase()]
  if (env.DEBUG || scoped('DEBUG')) return true
  if (scoped('DISABLE_THEME') === '1' || scoped('DISABLE_THEME') === 'true') return false
  const home = env.HOME || homedir() || tmpdir()
  const configDir = scoped('CONFIG_DIR') || join(env.XDG_CONFIG_HOME || join(home, '.config'), data.pjson.oclif.dirname || data.name)
  return existsSync(join(configDir, 'theme.json'))
}

function helpConfig(data: HelpData, host: HelpHost): Interfaces.Config {
  const commands = new Map(data.commands.map((c) => [c.id, {...c, load: notHere}]))
  const topics = new Map(data.topics.map((t) => [t.name, t]))
  const config = {
    name: data.name,
    version: data.version,
    bin: data.bin,
    pjson: data.pjson,
    topicSeparator: data.topicSeparator,
    platform: host.platform,
    shell: host.shell,
    userAgent: `${data.name}/${data.version} ${host.platform}-${process.arch === 'ia32' ? 'x86' : process.arch} node-${process.version}`,
    isSingleCommandCLI: false,
    flexibleTaxonomy: false,
    theme: undefined,
    plugins: new Map(Object.entries(data.pluginStates).map(([name, state]) => [name, {pjson: {oclif: {state}}}])),
    get commands() {
      return [...commands.values()]
    },
    get commandIDs() {
      return [...commands.keys()]
    },
    get topics() {
      return [...topics.values()]
    },
    findCommand: (id: string) => commands.get(id),
    // Help asks for a topic only when no command has the name: oclif would then report it not found.
    findTopic: (name: string) => topics.get(name) ?? notHere(),
    runHook: notHere,
    findMatches: notHere,
  }
  return config as unknown as Interfaces.Config
}

function notHere(): never {
  throw new NotHere()
}
