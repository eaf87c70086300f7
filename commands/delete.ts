import {Args} from '@oclif/core'
import {EgressCommand} from '../src/cli/base.js'
import {InputError} from '../src/cli/exit.js'
import {clusterFlags, clusterFlagsOf, dryRunFlag, filenameFlag, meshFlag, yesFlag} from '../src/cli/flags.js'
import {runChange, type DryRun} from '../src/change.js'
import {kindNamed} from '../src/cluster/kinds.js'
import {deleteAll} from '../src/cluster/write.js'
import {loadFiles} from '../src/load/files.js'
import {formatDiagnostic, hasErrors} from '../src/model/diagnostic.js'
import type {Resource} from '../src/model/resource.js'
import type {ModelSet} from '../src/model/set.js'
import {afterDelete, inNamespace} from '../src/cluster/after-change.js'

export default class Delete extends EgressCommand {
  static override summary = 'Preview what becomes denied, then delete the objects in files or one object by kind and name.'
  static override examples = [
    'kubectl egress delete -f examples/osm/egress-httpbin.yaml',
    'kubectl egress delete egress httpbin-443 -n curl',
    'kubectl egress delete -f policies/ --dry-run=server',
  ]
  static override args = {
    kind: Args.string({description: 'Kind of the object to delete, e.g. egress (with NAME, instead of -f).'}),
    name: Args.string({description: 'Name of the object to delete.'}),
  }
  static override flags = {filename: filenameFlag, 'dry-run': dryRunFlag, yes: yesFlag, mesh: meshFlag, ...clusterFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Delete)
    const files = flags.filename ?? []
    if (files.length > 0 === (args.kind !== undefined)) throw new InputError(['pass either -f PATH… or KIND NAME, e.g. delete egress httpbin-443 -n curl'])
    const local = files.length > 0 ? await loadFiles(files) : undefined
    if (local && hasErrors(local.diagnostics)) throw new InputError(local.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic))
    await runChange(
      {
        verb: 'delete',
        flags: {...clusterFlagsOf(flags), yes: flags.yes, dryRun: flags['dry-run'] as DryRun, mesh: flags.mesh},
        objects: (cluster, deployed) => local?.set.resources.map((r) => inNamespace(r, cluster.namespace)) ?? [named(deployed, args.kind!, args.name, cluster.namespace)],
        after: afterDelete,
        write: (cluster, objects, dryRun) => deleteAll(cluster, objects, {dryRun}),
      },
      (text) => this.write(text),
    )
  }
}

/** KIND NAME as deployed in the namespace (-n, else the context's). */
function named(deployed: ModelSet, kindWord: string, name: string | undefined, namespace: string): Resource {
  const kind = kindNamed(kindWord)
  if (!kind) throw new InputError([`unknown kind "${kindWord}": delete by name takes one of the kinds that decide egress, e.g. egress, httproutegroup, serviceentry`])
  if (!name) throw new InputError([`delete ${kindWord}: NAME is required`])
  const found = deployed.resources.find((r) => r.kind === kind.kind && r.metadata.name === name && (!kind.namespaced || r.metadata.namespace === namespace))
  if (!found) throw new InputError([`${kind.kind} ${kind.namespaced ? namespace + '/' : ''}${name} not found`])
  return found
}
