import {Flags} from '@oclif/core'
import {readFile} from 'node:fs/promises'
import {resolve} from 'node:path'
import {EgressCommand} from '../src/cli/base.js'
import {InputError} from '../src/cli/exit.js'
import {clusterFlags, fromFlag, meshFlag} from '../src/cli/flags.js'
import {loadFiles} from '../src/load/files.js'
import {parseResources} from '../src/load/parse.js'
import {formatDiagnostic, hasErrors} from '../src/model/diagnostic.js'
import {resolveClient} from '../src/client/resolve-client.js'
import {detectMesh} from '../src/detect-mesh.js'
import {colour, styleFor} from '../src/render/style.js'
import {clientOf} from '../src/tui/derive.js'
import {readRecovery, recoveryKeeper, saveFile} from '../src/tui/save.js'
import {initialState} from '../src/tui/state.js'
import type {MeshName} from '../sim/compile/index.js'
import type {ModelSet} from '../src/model/set.js'

export default class Edit extends EgressCommand {
  static override summary = 'Edit egress policies in a terminal editor that validates and traces requests as you type.'
  static override description =
    `FILE is created from a template when it does not exist. Objects given with --with (the mesh setup, the client's workload) are traced together with FILE but never written. Unsaved work survives Ctrl-C and crashes: the next edit of FILE offers to restore it. Needs a terminal; press ? inside for every key.`
  static override examples = [
    'kubectl egress edit -f examples/osm/egress-httpbin.yaml --with examples/osm/00-mesh.yaml --from curl/curl',
    'kubectl egress edit -f egress.yaml --mesh istio --from default/sleep',
    'kubectl egress edit -f egress.yaml --with mesh/ --from curl/curl --apply --context staging',
  ]
  static override flags = {
    filename: Flags.string({char: 'f', summary: 'The file to edit (created when it does not exist).'}),
    with: Flags.string({summary: 'File or directory of read-only objects to trace with (e.g. the mesh setup); repeatable.', multiple: true}),
    from: fromFlag,
    mesh: meshFlag,
    apply: Flags.boolean({summary: 'When FILE was saved, run `kubectl egress apply -f FILE` after quitting: preview, confirm, server-side apply.'}),
    kubeconfig: clusterFlags.kubeconfig,
    context: clusterFlags.context,
    namespace: clusterFlags.namespace,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Edit)
    if (!flags.filename) throw new InputError(['edit needs -f FILE: the file to edit (created from a template when it does not exist)'])
    if (!process.stdin.isTTY || !process.stdout.isTTY) throw new InputError(['edit needs a terminal (stdin and stdout must be a TTY); use validate or trace in scripts'])
    const file: string = flags.filename
    const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return ''
      throw new InputError([`${file}: ${e.message}`])
    })
    const loaded = await loadFiles(flags.with ?? [])
    if (hasErrors(loaded.diagnostics)) throw new InputError(loaded.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic))
    // The edited file is the editor's own copy, even when --with names its directory.
    const context = {resources: loaded.set.resources.filter((r) => resolve(r.source.file) !== resolve(file))}
    const all = {resources: [...parseResources(text, file).resources, ...context.resources]}
    const named = flags.from ? resolveClient(all, editedMesh(all, flags.mesh), {from: flags.from, namespace: flags.namespace}) : null
    const from = named ? {namespace: named.namespace, serviceAccount: named.serviceAccount} : clientOf(all)
    const keeper = recoveryKeeper(file, text)
    const initial = initialState({file, text, mesh: (flags.mesh as MeshName | undefined) ?? null, from, recovery: readRecovery(file, text)})

    // React's development build checks every render and costs several ms a frame; nothing here needs it.
    process.env.NODE_ENV ??= 'production'
    // ink renders only the last frame when CI or CONTINUOUS_INTEGRATION is set (is-in-ci, read at import);
    // the editor runs only on a terminal, so it is interactive whatever the environment says.
    delete process.env.CI
    delete process.env.CONTINUOUS_INTEGRATION
    const [{render}, {createElement}, {App}] = await Promise.all([import('ink'), import('react'), import('../src/tui/app.js')])
    let recovered = false
    // Unsaved work is in the recovery file already (written on every change).
    const onSignal = (signal: NodeJS.Signals) => {
      process.stdout.write(LEAVE_SCREEN)
      process.exit(128 + (signal === 'SIGHUP' ? 1 : 15))
    }
    process.once('SIGTERM', onSignal).once('SIGHUP', onSignal)
    process.once('uncaughtException', (e) => {
      process.stdout.write(LEAVE_SCREEN)
      process.stderr.write(`kubectl-egress edit failed (a bug): ${e.stack ?? e.message}\nunsaved changes, if any, are in ${keeper.path}\n`)
      process.exit(70)
    })
    process.stdout.write(ENTER_SCREEN)
    // Raw before the first frame: keys typed while ink starts are kept for it instead of echoed by the tty.
    process.stdin.setRawMode(true)
    const app = render(
      createElement(App, {
        initial,
        context,
        io: {save: saveFile, recovery: keeper},
        colour: styleFor(process.stdout) === colour,
        onExit: (how) => (recovered = how.recovered),
      }),
      // ink's default of 30 frames a second holds a key typed within 34 ms of the last frame until the window
      // ends (a trailing-edge throttle); one frame at 60 Hz is the aim for a key's echo.
      {exitOnCtrlC: false, maxFps: 60},
    )
    try {
      await app.waitUntilExit()
    } finally {
      process.stdout.write(LEAVE_SCREEN)
    }
    if (recovered) {
      process.stderr.write(`unsaved changes kept in ${keeper.path}\nrun kubectl egress edit -f ${file} again to restore them\n`)
      this.exit(130)
    }
    const saved = await readFile(file, 'utf8').catch(() => text)
    if (flags.apply && saved !== text) await this.config.runCommand('apply', ['-f', file, ...passOn(flags)])
  }
}

/** The mesh whose clients --from may name: --mesh, else detected, else OSM's (which also counts Egress sources). */
function editedMesh(set: ModelSet, flag: string | undefined): MeshName {
  const detected = detectMesh(set)
  return (flag as MeshName | undefined) ?? ('mesh' in detected ? detected.mesh : 'osm')
}

/** The flags `apply` shares with `edit`, as arguments. */
function passOn(flags: {mesh?: string; kubeconfig?: string; context?: string; namespace?: string}): string[] {
  return (['mesh', 'kubeconfig', 'context', 'namespace'] as const).flatMap((f) => (flags[f] === undefined ? [] : [`--${f}`, flags[f]!]))
}

/** The terminal's alternate screen, so that leaving the editor gives back the shell as it was. */
const ENTER_SCREEN = '\u001b[?1049h'
const LEAVE_SCREEN = '\u001b[?1049l'
