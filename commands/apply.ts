import {Flags} from '@oclif/core'
import {EgressCommand} from '../src/cli/base.js'
import {InputError} from '../src/cli/exit.js'
import {clusterFlags, clusterFlagsOf, dryRunFlag, filenameFlag, meshFlag, yesFlag} from '../src/cli/flags.js'
import {runChange, type DryRun} from '../src/change.js'
import {applyAll} from '../src/cluster/write.js'
import {readValidInput} from '../src/pipeline.js'
import {afterApply, inNamespace} from '../src/cluster/after-change.js'

export default class Apply extends EgressCommand {
  static override summary = 'Validate, preview the reachability change against what is deployed, then server-side apply.'
  static override description =
    'All or nothing: nothing is written when `validate` finds an error (names, labels and annotations included), and a server-side dry run of every object comes before the first write. Each object is reported as created, configured or unchanged. Objects in a namespace that this apply creates can be dry-run only once it exists; if the server rejects one of them, the new namespaces are the only objects written, and the report lists what was applied and what was not (exit 2).'
  static override examples = [
    'kubectl egress apply -f examples/osm',
    'kubectl egress apply -f policies/ --dry-run=server',
    'kubectl egress apply -f egress.yaml -n curl --yes --force-conflicts',
  ]
  static override flags = {
    filename: filenameFlag,
    'dry-run': dryRunFlag,
    yes: yesFlag,
    'field-manager': Flags.string({summary: 'Name of the field manager that owns what this applies.', default: 'kubectl-egress'}),
    'force-conflicts': Flags.boolean({summary: 'Take over fields another field manager owns.'}),
    mesh: meshFlag,
    ...clusterFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Apply)
    if (!flags.filename?.length) throw new InputError(['apply needs -f FILE|DIR|-'])
    const local = await readValidInput(flags.filename)
    await runChange(
      {
        verb: 'apply',
        flags: {...clusterFlagsOf(flags), yes: flags.yes, dryRun: flags['dry-run'] as DryRun, mesh: flags.mesh},
        objects: (cluster) => local.set.resources.map((r) => inNamespace(r, cluster.namespace)),
        after: afterApply,
        write: (cluster, objects, dryRun) => applyAll(cluster, objects, {dryRun, fieldManager: flags['field-manager'], force: flags['force-conflicts']}),
      },
      (text) => this.write(text),
    )
  }
}
