import {stringify} from 'yaml'
import {InputError} from '../cli/exit.js'
import {parseResources} from '../load/parse.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {ModelSet} from '../model/set.js'
import type {Cluster} from './connect.js'
import {clusterErrorLines} from './errors.js'
import {groupOf, WATCHED_KINDS, type WatchedKind} from './kinds.js'

export interface ClusterRead {
  context: string
  /** "all namespaces" or `namespace "team-a"`. */
  scope: string
  set: ModelSet
  diagnostics: Diagnostic[]
  /** The objects as the API server returned them, without managedFields (for snapshot). */
  documents: Array<Record<string, unknown>>
  /** API groups whose CRDs are not installed, e.g. "networking.istio.io". */
  notInstalled: string[]
}

const PAGE = 500

/**
 * Lists the kinds that decide egress (paged), skipping those whose CRD is not installed. Each object becomes
 * a Resource through the same YAML loader as files, named `cluster:CONTEXT/KIND/NS/NAME`, so every
 * diagnostic and every rule still points at a line.
 */
export async function readCluster(cluster: Cluster, namespace: string | undefined, onKind: (kind: string) => void = () => {}): Promise<ClusterRead> {
  const served = await cluster.servedVersions().catch((e: unknown) => {
    throw new InputError(clusterErrorLines(e, {context: cluster.context, server: cluster.server, verb: 'discover APIs'}))
  })
  const documents: Array<Record<string, unknown>> = []
  const notInstalled = new Set<string>()
  for (const watched of WATCHED_KINDS) {
    const apiVersion = watched.apiVersions.find((v) => served.has(v))
    if (!apiVersion) {
      notInstalled.add(groupOf(watched.apiVersions[0]))
      continue
    }
    onKind(watched.kind)
    const listed = await listAll(cluster, watched, apiVersion, watched.namespaced && !watched.meshConfig ? namespace : undefined)
    if (listed === null) notInstalled.add(groupOf(apiVersion))
    else documents.push(...listed)
  }
  const set: ModelSet = {resources: []}
  const diagnostics: Diagnostic[] = []
  for (const doc of documents) {
    const md = doc.metadata as {name: string; namespace?: string}
    const parsed = parseResources(stringify(doc), `cluster:${cluster.context}/${doc.kind}/${md.namespace ? md.namespace + '/' : ''}${md.name}`)
    set.resources.push(...parsed.resources)
    diagnostics.push(...parsed.diagnostics)
  }
  return {context: cluster.context, scope: namespace ? `namespace "${namespace}"` : 'all namespaces', set, diagnostics, documents, notInstalled: [...notInstalled]}
}

/** Every object of one kind, page by page; null when the CRD is not installed. */
async function listAll(cluster: Cluster, watched: WatchedKind, apiVersion: string, namespace: string | undefined): Promise<Array<Record<string, unknown>> | null> {
  const out: Array<Record<string, unknown>> = []
  let token: string | undefined
  do {
    let page
    try {
      page = await cluster.objects.list(apiVersion, watched.kind, namespace, undefined, undefined, undefined, watched.fieldSelector, undefined, PAGE, token)
    } catch (e) {
      const code = (e as {code?: unknown}).code
      if (code === 404 || /^Unrecognized API version and kind/.test((e as Error).message ?? '')) return null
      throw new InputError(clusterErrorLines(e, {context: cluster.context, server: cluster.server, verb: 'list', apiVersion, kind: watched.kind}))
    }
    for (const item of page.items) {
      const plain = cluster.plain(item, apiVersion, watched.kind)
      delete (plain.metadata as Record<string, unknown>).managedFields
      out.push(plain)
    }
    // Built-in lists come through client-node's model (`_continue`); custom resources stay raw JSON (`continue`).
    const meta = page.metadata as {_continue?: string; continue?: string} | undefined
    token = meta?._continue ?? meta?.continue
  } while (token)
  return out
}
