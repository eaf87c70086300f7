import {InputError} from '../cli/exit.js'
import {resourceOf} from '../load/resource.js'
import type {ModelSet} from '../model/set.js'
import {ApiError} from './api.js'
import type {Cluster} from './connect.js'
import {resourcePath} from './discovery.js'
import {clusterErrorLines} from './errors.js'
import {groupOf, WATCHED_KINDS, type WatchedKind} from './kinds.js'
import {listAll, type Listed} from './list.js'
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
    WATCHED_KINDS.map(async (watched): Promise<{kind?: KindRead; documents?: Array<Record<string, unknown>>; missing?: string}> => {
      const apiVersion = watched.apiVersions.find((v) => served.has(v))
      if (!apiVersion) return {missing: groupOf(watched.apiVersions[0])}
      const listed = await listKind(cluster, watched, apiVersion, watched.namespaced && !watched.meshConfig ? namespace : undefined, (n) => {
        progress.set(watched.kind, n)
        onProgress(progress)
      })
      return listed ? {kind: {kind: watched.kind, count: listed.items.length, requests: listed.requests, relisted: listed.relisted}, documents: listed.items} : {missing: groupOf(apiVersion)}
    }),
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
  }
}

/** Every object of one kind, with its apiVersion and kind and without managedFields; null when its CRD is not installed. */
async function listKind(cluster: Cluster, watched: WatchedKind, apiVersion: string, namespace: string | undefined, onPage: (read: number) => void): Promise<Listed | null> {
  const at = {context: cluster.context, server: cluster.server, verb: 'list', apiVersion, kind: watched.kind}
  try {
    const resource = await cluster.resource(apiVersion, watched.kind)
    if (!resource) return null
    const listed = await listAll(cluster.send, resourcePath(apiVersion, resource, namespace), {fieldSelector: watched.fieldSelector}, onPage)
    // Items of built-in lists come without apiVersion and kind (kubectl adds them too).
    const items = listed.items.map(({apiVersion: _v, kind: _k, metadata, ...rest}) => {
      const {managedFields: _m, ...md} = metadata as Record<string, unknown>
      return {apiVersion, kind: watched.kind, metadata: md, ...rest}
    })
    return {...listed, items}
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return null
    throw new InputError(clusterErrorLines(e, at))
  }
}
