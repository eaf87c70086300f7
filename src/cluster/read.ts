import {InputError} from '../cli/exit.js'
import {resourceOf} from '../load/resource.js'
import type {ModelSet} from '../model/set.js'
import {ApiError} from './api.js'
import type {Cluster} from './connect.js'
import {resourcePath} from './discovery.js'
import {clusterErrorLines} from './errors.js'
import {groupOf, WATCHED_KINDS, type WatchedKind} from './kinds.js'
import {listAll} from './list.js'
import {PositionsOnDemand} from './positions.js'

export interface ClusterRead {
  context: string
  /** "all namespaces" or `namespace "team-a"`. */
  scope: string
  set: ModelSet
  /** The objects as the API server returned them, without managedFields (for snapshot). */
  documents: Array<Record<string, unknown>>
  /** Per kind read, in the order of WATCHED_KINDS. */
  kinds: KindRead[]
  /** API groups whose CRDs are not installed, e.g. "networking.istio.io". */
  notInstalled: string[]
  /** Built-in kinds the server does not serve in the versions read, e.g. "CronJob (batch/v1)". */
  notServed: string[]
}

/** What was read of one kind, for the per-kind summary. */
export interface KindRead {
  kind: string
  count: number
  requests: number
  /** Its continue token expired midway and the whole collection was read again. */
  relisted: boolean
}

/**
 * Lists the kinds that decide egress, every page of each, the kinds side by side; those whose CRD is not
 * installed are skipped. Each object becomes a Resource named `cluster:CONTEXT/KIND/NS/NAME` whose positions
 * are lines of the YAML document `snapshot` prints for it, so every diagnostic and every rule still points at a line.
 */
export async function readCluster(cluster: Cluster, namespace: string | undefined, onProgress: (read: ReadonlyMap<string, number>) => void = () => {}): Promise<ClusterRead> {
  const served = await cluster.servedVersions().catch((e: unknown) => {
    throw new InputError(clusterErrorLines(e, {context: cluster.context, server: cluster.server, verb: 'discover APIs'}))
  })
  const progress = new Map<string, number>()
  const settled = await Promise.allSettled(
    WATCHED_KINDS.map((watched) =>
      readKind(cluster, watched, served, watched.namespaced && !watched.meshConfig ? namespace : undefined, (n) => {
        progress.set(watched.kind, n)
        onProgress(progress)
      }),
    ),
  )
  // The first failure in WATCHED_KINDS order, whichever list failed first in time.
  const lists = settled.map((s) => {
    if (s.status === 'rejected') throw s.reason
    return s.value
  })
  const documents = lists.flatMap((l) => l.documents ?? [])
  const set: ModelSet = {
    resources: documents.map((doc) => {
      const md = doc.metadata as {name: string; namespace?: string}
      const file = `cluster:${cluster.context}/${doc.kind}/${md.namespace ? md.namespace + '/' : ''}${md.name}`
      return resourceOf(doc, {file, line: 1, column: 1, path: ''}, new PositionsOnDemand(doc))
    }),
  }
  return {
    context: cluster.context,
    scope: namespace ? `namespace "${namespace}"` : 'all namespaces',
    set,
    documents,
    kinds: lists.flatMap((l) => (l.kind ? [l.kind] : [])),
    notInstalled: [...new Set(lists.flatMap((l) => (l.missing ? [l.missing] : [])))],
    notServed: lists.flatMap((l) => (l.notServed ? [l.notServed] : [])),
  }
}

interface KindList {
  kind?: KindRead
  documents?: Array<Record<string, unknown>>
  /** The API group of a CRD that is not installed. */
  missing?: string
  /** A built-in kind this API server does not serve in any version the simulator reads. */
  notServed?: string
}

/**
 * Every object of one kind, in the first of its versions that the server serves it in (the group version
 * alone is not enough: Kubernetes 1.20 serves batch/v1 for Job, CronJob only in batch/v1beta1), with its
 * apiVersion and kind and without managedFields.
 */
async function readKind(cluster: Cluster, watched: WatchedKind, served: ReadonlySet<string>, namespace: string | undefined, onPage: (read: number) => void): Promise<KindList> {
  const at = {context: cluster.context, server: cluster.server, verb: 'list', kind: watched.kind}
  const notFound = watched.product ? {missing: groupOf(watched.apiVersions[0])} : {notServed: `${watched.kind} (${watched.apiVersions.join(', ')})`}
  try {
    for (const apiVersion of watched.apiVersions.filter((v) => served.has(v))) {
      const resource = await cluster.resource(apiVersion, watched.kind)
      if (!resource) continue
      const listed = await listAll(cluster.send, resourcePath(apiVersion, resource, namespace), {fieldSelector: watched.fieldSelector}, onPage)
      // Items of built-in lists come without apiVersion and kind (kubectl adds them too).
      const documents = listed.items.map(({apiVersion: _v, kind: _k, metadata, ...rest}) => {
        const {managedFields: _m, ...md} = metadata as Record<string, unknown>
        return {apiVersion, kind: watched.kind, metadata: md, ...rest}
      })
      return {kind: {kind: watched.kind, count: documents.length, requests: listed.requests, relisted: listed.relisted}, documents}
    }
    return notFound
  } catch (e) {
    // A CRD deleted between discovery and the list.
    if (e instanceof ApiError && e.code === 404) return notFound
    throw new InputError(clusterErrorLines(e, at))
  }
}
