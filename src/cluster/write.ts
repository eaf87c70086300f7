import type {Resource} from '../model/resource.js'
import {ApiError} from './api.js'
import type {Cluster} from './connect.js'
import {NotServed, resourcePath} from './discovery.js'
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

type Body = Record<string, unknown> & {apiVersion: string; kind: string; metadata: {name: string; namespace?: string} & Record<string, unknown>}

/** The object to send: as written, in -n's namespace when it names none, without server-owned fields. */
export function objectToSend(r: Resource, namespace: string): Body {
  const {status: _s, ...raw} = r.raw
  const {managedFields: _m, resourceVersion: _v, uid: _u, creationTimestamp: _c, generation: _g, ...metadata} = (raw.metadata ?? {}) as Record<string, unknown>
  if (isNamespaced(r.kind) && !metadata.namespace) metadata.namespace = namespace
  return {...raw, metadata} as Body
}

/** Where the object lives on the API server; NotServed when no resource serves its kind. */
async function pathOf(cluster: Cluster, body: Body): Promise<string> {
  const resource = await cluster.resource(body.apiVersion, body.kind)
  if (!resource) throw new NotServed(body.apiVersion, body.kind)
  return resourcePath(body.apiVersion, resource, body.metadata.namespace, body.metadata.name)
}

/**
 * Server-side apply of every object (field manager, --force-conflicts), all or nothing as far as the API
 * server allows: a server-side dry run of every object comes before the first write, so whatever the server
 * (schema, admission webhooks, RBAC, field-manager conflicts) would reject is rejected before anything is
 * stored. Objects in a namespace this apply creates can only be checked once it exists: the new namespaces
 * are written first, then those objects are dry-run before any of them is written, so a rejection can leave
 * at most the new, empty namespaces behind (the report names them).
 */
export async function applyAll(cluster: Cluster, resources: readonly Resource[], opts: WriteOptions): Promise<WriteReport> {
  const ordered = writeOrder(resources)
  if (opts.dryRun) return applyEach(cluster, ordered, opts)
  const check = await applyEach(cluster, ordered, {...opts, dryRun: true})
  if (check.failed) return {done: [], failed: check.failed, notSent: ordered.filter((r) => r !== check.failed!.resource)}
  const unchecked = new Set(check.done.filter((d) => d.note).map((d) => d.resource))
  if (unchecked.size === 0) return applyEach(cluster, ordered, opts)

  const namespaces = ordered.filter((r) => r.kind === 'Namespace')
  const rest = ordered.filter((r) => r.kind !== 'Namespace')
  const created = await applyEach(cluster, namespaces, opts)
  if (created.failed) return {...created, notSent: [...created.notSent, ...rest]}
  const inNew = await applyEach(cluster, [...unchecked], {...opts, dryRun: true})
  if (inNew.failed) return {done: created.done, failed: inNew.failed, notSent: rest.filter((r) => r !== inNew.failed!.resource)}
  const written = await applyEach(cluster, rest, opts)
  return {...written, done: [...created.done, ...written.done]}
}

/** Server-side apply of each object in turn, stopping at the first failure. */
async function applyEach(cluster: Cluster, ordered: readonly Resource[], opts: WriteOptions): Promise<WriteReport> {
  const report: WriteReport = {done: [], notSent: []}
  // A server dry run stores nothing, so objects in a namespace this run creates cannot be checked.
  const newNamespaces = new Set<string>()
  for (const [i, r] of ordered.entries()) {
    const body = objectToSend(r, cluster.namespace)
    const ns = body.metadata?.namespace
    try {
      if (opts.dryRun && ns && newNamespaces.has(ns)) {
        report.done.push({resource: r, outcome: 'created', note: `not checked: namespace ${ns} does not exist yet`})
        continue
      }
      const path = await pathOf(cluster, body)
      const before = await readOrNull(cluster, path)
      const query = {fieldManager: opts.fieldManager, force: opts.force ? 'true' : undefined, dryRun: opts.dryRun ? 'All' : undefined}
      // Server-side apply takes YAML, and JSON is YAML.
      const after = await cluster.send('PATCH', path, {query, body, contentType: 'application/apply-patch+yaml'})
      if (!before && r.kind === 'Namespace') newNamespaces.add(r.metadata.name)
      report.done.push({resource: r, outcome: !before ? 'created' : same(before, after) ? 'unchanged' : 'configured'})
    } catch (e) {
      report.failed = {
        resource: r,
        lines: clusterErrorLines(e, {context: cluster.context, server: cluster.server, verb: 'apply', apiVersion: r.apiVersion, kind: r.kind, object: r}),
      }
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
      const path = await pathOf(cluster, objectToSend(r, cluster.namespace))
      const gone = await cluster.send('DELETE', path, {query: {dryRun: opts.dryRun ? 'All' : undefined}}).then(() => true, notFoundAs(false))
      report.done.push({resource: r, outcome: gone ? 'deleted' : 'not found'})
    } catch (e) {
      report.failed = {
        resource: r,
        lines: clusterErrorLines(e, {context: cluster.context, server: cluster.server, verb: 'delete', apiVersion: r.apiVersion, kind: r.kind, object: r}),
      }
      report.notSent = ordered.slice(i + 1)
      break
    }
  }
  return report
}

/** The object as stored, or null when it does not exist. */
function readOrNull(cluster: Cluster, path: string): Promise<unknown> {
  return cluster.send('GET', path).catch(notFoundAs(null))
}

/** A 404 for an object (its kind is served: pathOf checked) means the object does not exist. */
function notFoundAs<T>(value: T): (e: unknown) => T {
  return (e) => {
    if (e instanceof ApiError && e.code === 404) return value
    throw e
  }
}

/** Equal apart from bookkeeping that every write changes. */
function same(a: unknown, b: unknown): boolean {
  const strip = (o: unknown) => {
    const {metadata, ...rest} = o as {metadata: Record<string, unknown>}
    const {managedFields: _m, resourceVersion: _v, generation: _g, ...md} = metadata
    return JSON.stringify({...rest, metadata: md})
  }
  return strip(a) === strip(b)
}
