import type {MeshName} from '../../sim/compile/index.js'
import {clientNames} from '../client/resolve-client.js'
import type {ClusterFlags} from '../cluster/kubeconfig.js'
import {detectMesh} from '../detect-mesh.js'
import {loadFiles} from '../load/files.js'
import {parseResources} from '../load/parse.js'
import type {ModelSet} from '../model/set.js'
import type {Candidate, Lookups, ParsedWords} from './complete.js'

/** A completion must answer while the user waits at the prompt; a slow or absent cluster gives no candidates. */
const CLUSTER_WAIT_MS = 5000

/** The kinds whose objects can be named by --from, read from the cluster for completion. */
const CLIENT_KINDS = [
  ['v1', 'Pod'],
  ['v1', 'ServiceAccount'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
] as const

/** Names from the -f files when the words give some, else from the cluster of the kubeconfig they choose. */
export const inputLookups: Lookups = {
  async clients(words) {
    const namespace = last(words.values.namespace)
    const set = await inputSet(words, CLIENT_KINDS, namespace)
    if (!set) return []
    const detected = detectMesh(set)
    const mesh: MeshName = (last(words.values.mesh) as MeshName | undefined) ?? ('mesh' in detected ? detected.mesh : 'osm')
    return clientNames(set, mesh, namespace)
  },
  async namespaces(words) {
    const set = await inputSet(words, [['v1', 'Namespace']], undefined)
    if (!set) return []
    const names = new Set<string>()
    for (const r of set.resources) names.add(r.kind === 'Namespace' ? r.metadata.name : r.metadata.namespace)
    names.delete('')
    return [...names].sort().map((value): Candidate => ({value}))
  },
}

async function inputSet(words: ParsedWords, kinds: ReadonlyArray<readonly [string, string]>, namespace: string | undefined): Promise<ModelSet | null> {
  const files = [...(words.values.filename ?? []), ...(words.values.filename2 ?? []), ...(words.values.with ?? [])].filter((f) => f !== '-')
  if (files.length > 0) return (await loadFiles(files)).set
  const flags: ClusterFlags = {kubeconfig: last(words.values.kubeconfig), context: last(words.values.context), namespace}
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), CLUSTER_WAIT_MS)))
  try {
    return await Promise.race([clusterSet(flags, kinds, namespace), timeout])
  } catch {
    return null
  } finally {
    clearTimeout(timer)
  }
}

/** The objects of each kind the server serves, as YAML through the same loader as files. */
async function clusterSet(flags: ClusterFlags, kinds: ReadonlyArray<readonly [string, string]>, namespace: string | undefined): Promise<ModelSet> {
  const {connect} = await import('../cluster/connect.js')
  const {listAll} = await import('../cluster/list.js')
  const {resourcePath} = await import('../cluster/discovery.js')
  const cluster = await connect(flags)
  const {stringify} = await import('yaml')
  const lists = await Promise.all(
    kinds.map(async ([apiVersion, kind]) => {
      const resource = await cluster.resource(apiVersion, kind).catch(() => undefined)
      if (!resource) return []
      const listed = await listAll(cluster.send, resourcePath(apiVersion, resource, kind === 'Namespace' ? undefined : namespace), {}).catch(() => ({items: []}))
      // Items of built-in lists come without apiVersion and kind.
      return listed.items.map((item) => ({...item, apiVersion, kind}))
    }),
  )
  const text = lists
    .flat()
    .map((doc) => stringify(doc))
    .join('---\n')
  return {resources: parseResources(text, `cluster:${cluster.context}`).resources}
}

function last(values: string[] | undefined): string | undefined {
  return values?.at(-1)
}
