import {Flags} from '@oclif/core'
import {EgressCommand} from '../src/cli/base.js'
import {EXIT, InputError} from '../src/cli/exit.js'
import {clusterFlags, clusterFlagsOf, filenameFlag, fromFlag, meshFlag, selectorFlag, verboseFlag} from '../src/cli/flags.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {diffSets} from '../src/diff/index.js'
import {resolveClient} from '../src/client/resolve-client.js'
import {chooseMesh, readValidInput} from '../src/pipeline.js'
import {diffToJson} from '../src/render/diff-json.js'
import {diffToText} from '../src/render/diff-text.js'
import {diffResults, diffToMarkdown} from '../src/render/reports.js'
import {toSarif} from '../src/render/sarif.js'
import {styleFor} from '../src/render/style.js'

export default class Diff extends EgressCommand {
  static override summary = 'Show what a policy change newly allows, newly denies or answers differently, per client identity.'
  static override description = `Both sets are compiled for every client identity either names (or --from), and one request of every
class the two rule tables can tell apart (ports, names/SNI, address cells, schemes, paths, methods) is traced through both.
-o name lists the client identities whose reachability changed.
Exit status: 0, or 1 when something is newly allowed and --fail-on-new-allow is set; 2 bad input.`
  static override examples = [
    'kubectl egress diff -f policies-main/ -f2 policies-pr/',
    'kubectl egress diff -f old.yaml -f2 new.yaml --from curl/curl -o json',
    'kubectl egress diff -f base/ -f2 base/ -f2 change.yaml --fail-on-new-allow',
    'kubectl egress diff --against-cluster -f policies-pr/ --context staging',
  ]
  static override flags = {
    filename: filenameFlag,
    filename2: Flags.string({aliases: ['f2'], summary: 'The policy set after the change (-f2 FILE|DIR); repeatable.', multiple: true}),
    from: fromFlag,
    selector: selectorFlag,
    mesh: meshFlag,
    output: outputFlag({formats: ['markdown', 'sarif']}),
    verbose: verboseFlag,
    'fail-on-new-allow': Flags.boolean({summary: 'Exit 1 when any request is newly allowed.'}),
    'against-cluster': Flags.boolean({summary: 'Compare what is deployed (before) with -f (after), as kubectl diff does.', exclusive: ['filename2']}),
    ...clusterFlags,
  }

  async run(): Promise<void> {
    // "-f2" would otherwise parse as -f with the value "2".
    const argv = this.argv.map((a) => (a === '-f2' ? '--filename2' : a.startsWith('-f2=') ? '--filename2=' + a.slice(4) : a))
    const {flags} = await this.parse(Diff, argv)
    const cluster = flags['against-cluster']
    if (!flags.filename?.length || (!cluster && !flags.filename2?.length)) throw new InputError(['diff needs both sets: -f OLD… -f2 NEW…, or --against-cluster -f NEW…'])
    const before = cluster ? await readValidInput([], clusterFlagsOf(flags)) : await readValidInput(flags.filename)
    const after = await readValidInput(cluster ? flags.filename : flags.filename2!)
    const meshBefore = chooseMesh(before.set, flags.mesh).mesh
    const meshAfter = chooseMesh(after.set, flags.mesh).mesh
    if (meshBefore !== meshAfter) throw new InputError([`the sets are for different meshes (${meshBefore}, ${meshAfter}); pass --mesh`])
    const both = {resources: [...after.set.resources, ...before.set.resources]}
    const client = flags.from || flags.selector ? resolveClient(both, meshBefore, flags) : undefined
    const report = diffSets(before.set, after.set, meshBefore, client && `${client.namespace}/${client.serviceAccount}`)
    this.write(
      formatOutput(flags.output, {
        data: diffToJson(report),
        text: () => diffToText(report, styleFor(process.stdout)),
        names: () => [...new Set(report.changes.map((c) => c.identity))],
        other: {markdown: () => diffToMarkdown(report), sarif: () => JSON.stringify(toSarif(diffResults(report)), null, 2) + '\n'},
      }),
    )
    if (flags['fail-on-new-allow'] && report.changes.some((c) => c.kind === 'newly-allowed')) this.exit(EXIT.denied)
  }
}
