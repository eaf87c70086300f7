import type {KubernetesObject} from '@kubernetes/client-node'
import type {Resource} from '../model/resource.js'
import type {Cluster} from './connect.js'
import {clusterErrorLines} from './errors.js'
import {isNamespaced} from './kinds.js'

export type Outcome = 'created' | 'configured' | 'unchanged' | 'deleted' | 'not found'

export interface WriteOptions {
  /** Server-side dry run (dryRun=All): validated and admitted, never stored. */
  dryRun: boolean
  fieldManager: string
  force: boolean
}

/** What happened to each object, in order; on the first failure the rest are not sent. */
export interface WriteReport {
  done: Array<{resource: Resource; outcome: Outcome; note?: string}>
  failed?: {resource: Resource; lines: string[]}
  notSent: Resource[]
}

/** Namespaces first, so that the objects inside them can be created in the same run. */
export function writeOrder(resources: readonly Resource[]): Resource[] {
  return [...resources].sort((a, b) => rank(a) - rank(b))
}

const rank = (r: Resource) => (r.kind === 'Namespace' ? 0 : 1)

/** The object to send: as written, in -n's namespace when it names none, without server-owned fields. */
export function objectToSend(r: Resource, namespace: string): KubernetesObject {
  const {status: _s, ...raw} = r.raw
  const {managedFields: _m, resourceVersion: _v, uid: _u, creationTimestamp: _c, generation: _g, ...metadata} = (raw.metadata ?? {}) as Record<string, unknown>
  if (isNamespaced(r.kind) && !metadata.namespace) metadata.namespace = namespace
  return {...raw, metadata} as KubernetesObject
}

/** Server-side apply of each object in turn (field manager, --force-conflicts, optional dry run). */
export async function applyAll(cluster: Cluster, resources: readonly Resource[], opts: WriteOptions): Promise<WriteReport> {
  const report: WriteReport = {done: [], notSent: []}
  // A server dry run stores nothing, so objects in a namespace this run creates cannot be checked.
  const newNamespaces = new Set<string>()
  const ordered = writeOrder(resources)
  for (const [i, r] of ordered.entries()) {
    const body = objectToSend(r, cluster.namespace)
    const ns = body.metadata?.namespace
    try {
      if (opts.dryRun && ns && newNamespaces.has(ns)) {
        report.done.push({resource: r, outcome: 'created', note: `not checked: namespace ${ns} does not exist yet`})
        continue
      }
      const before = await readOrNull(cluster, body)
      const after = await cluster.objects.patch(body, undefined, opts.dryRun ? 'All' : undefined, opts.fieldManager, opts.force, cluster.k8s.PatchStrategy.ServerSideApply)
      if (!before && r.kind === 'Namespace') newNamespaces.add(r.metadata.name)
      report.done.push({resource: r, outcome: !before ? 'created' : same(cluster, before, after, r) ? 'unchanged' : 'configured'})
    } catch (e) {
      report.failed = {resource: r, lines: clusterErrorLines(e, {context: cluster.context, server: cluster.server, verb: 'apply', apiVersion: r.apiVersion, kind: r.kind, object: r})}
      report.notSent = ordered.slice(i + 1)
      break
    }
  }
  return report
}

export async function deleteAll(cluster: Cluster, resources: readonly Resource[], opts: Pick<WriteOptions, 'dryRun'>): Promise<WriteReport> {
  const report: WriteReport = {done: [], notSent: []}
  const ordered = writeOrder(resources).reverse()
  for (const [i, r] of ordered.entries()) {
    try {
      await cluster.objects.delete(objectToSend(r, cluster.namespace), undefined, opts.dryRun ? 'All' : undefined)
      report.done.push({resource: r, outcome: 'deleted'})
    } catch (e) {
      if ((e as {code?: unknown}).code === 404 && (await readOrNull(cluster, objectToSend(r, cluster.namespace)).catch(() => undefined)) === null) {
        report.done.push({resource: r, outcome: 'not found'})
        continue
      }
      report.failed = {resource: r, lines: clusterErrorLines(e, {context: cluster.context, server: cluster.server, verb: 'delete', apiVersion: r.apiVersion, kind: r.kind, object: r})}
      report.notSent = ordered.slice(i + 1)
      break
    }
  }
  return report
}

/** The object as stored, or null when it does not exist (a missing CRD still throws). */
async function readOrNull(cluster: Cluster, body: KubernetesObject): Promise<KubernetesObject | null> {
  try {
    return await cluster.objects.read({apiVersion: body.apiVersion!, kind: body.kind!, metadata: {name: body.metadata!.name!, namespace: body.metadata?.namespace}})
  } catch (e) {
    const status = (e as {code?: unknown}).code
    if (status === 404 && !/^Failed to fetch resource metadata/.test((e as Error).message)) return null
    throw e
  }
}

/** Equal apart from bookkeeping that every write changes. */
function same(cluster: Cluster, a: KubernetesObject, b: KubernetesObject, r: Resource): boolean {
  const strip = (o: KubernetesObject) => {
    const {metadata, ...rest} = cluster.plain(o, r.apiVersion, r.kind)
    const {managedFields: _m, resourceVersion: _v, generation: _g, ...md} = metadata as Record<string, unknown>
    return JSON.stringify({...rest, metadata: md})
  }
  return strip(a) === strip(b)
}
