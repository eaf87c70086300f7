import {EXIT, InputError} from './cli/exit.js'
import {confirm, requireConfirmable} from './cli/confirm.js'
import {connect, type Cluster} from './cluster/connect.js'
import {crdMissing} from './cluster/errors.js'
import {groupOf} from './cluster/kinds.js'
import type {ClusterFlags} from './cluster/kubeconfig.js'
import type {WriteReport} from './cluster/write.js'
import type {Resource} from './model/resource.js'
import type {ModelSet} from './model/set.js'
import {chooseMesh, readDeployed} from './pipeline.js'
import {diffSets} from './diff/index.js'
import {diffToText} from './render/diff-text.js'
import {styleFor} from './render/style.js'
import {partialFailureLines, writeReportToText} from './render/write-report.js'

export type DryRun = 'none' | 'client' | 'server'

export interface Change {
  verb: 'apply' | 'delete'
  flags: ClusterFlags & {yes: boolean; dryRun: DryRun; mesh?: string}
  /** The objects to write, given the connection (for the default namespace) and what is deployed. */
  objects(cluster: Cluster, deployed: ModelSet): Resource[]
  after(deployed: ModelSet, objects: readonly Resource[]): ModelSet
  write(cluster: Cluster, objects: readonly Resource[], dryRun: boolean): Promise<WriteReport>
}

/**
 * apply and delete: read what is deployed, refuse early when a CRD is missing, show the reachability change,
 * confirm, write each object, and say exactly what was written. `print` receives stdout text.
 */
export async function runChange(change: Change, print: (text: string) => void): Promise<void> {
  const {verb, flags} = change
  requireConfirmable(flags.yes, flags.dryRun !== 'none', verb)
  const cluster = await connect(flags)
  const {input, read} = await readDeployed(cluster, flags)
  const objects = change.objects(cluster, input.set)
  const missing = objects.filter((r) => read.notInstalled.includes(groupOf(r.apiVersion)))
  if (missing.length > 0) throw new InputError([...new Set(missing.map((r) => crdMissing(r)))])

  print(preview(input.set, change.after(input.set, objects), flags.mesh))
  if (flags.dryRun === 'client') {
    print(
      objects
        .map(
          (r) =>
            `${r.kind} ${r.metadata.namespace ? r.metadata.namespace + '/' : ''}${r.metadata.name} would be ${verb === 'apply' ? 'applied' : 'deleted'} (client dry run: nothing sent)\n`,
        )
        .join(''),
    )
    return
  }
  if (flags.dryRun === 'none' && !flags.yes && !(await confirm(`${verb} ${objects.length} object(s) in context "${cluster.context}"?`)))
    throw new InputError([`${verb} cancelled: nothing was sent`], EXIT.denied)
  const report = await change.write(cluster, objects, flags.dryRun === 'server')
  print(writeReportToText(report, flags.dryRun))
  if (report.failed) throw new InputError(partialFailureLines(report, verb === 'apply' ? 'applied' : 'deleted'))
}

function preview(before: ModelSet, after: ModelSet, meshFlag: string | undefined): string {
  let mesh
  try {
    mesh = chooseMesh(after.resources.length > 0 ? after : before, meshFlag).mesh
  } catch (e) {
    return `no reachability preview: ${e instanceof InputError ? e.lines[0] : String(e)}\n`
  }
  // The same comparison as `kubectl egress diff`: what is deployed against what it would become.
  return diffToText(diffSets(before, after, mesh), styleFor(process.stdout))
}
