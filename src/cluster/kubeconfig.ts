import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {delimiter, dirname, isAbsolute, join, resolve} from 'node:path'
import {parse} from 'yaml'
import {InputError} from '../cli/exit.js'

/** The kubectl flags that choose a cluster; the plugin parses them itself (kubectl does not pass them on). */
export interface ClusterFlags {
  kubeconfig?: string
  context?: string
  namespace?: string
  allNamespaces?: boolean
  /** kubectl's --request-timeout text ("32s", "2m", "0"); the default when absent. */
  requestTimeout?: string
  /** -v: say per kind how much was read and in how many requests. */
  verbose?: boolean
}

type Named = {name: string} & Record<string, unknown>

/** A kubeconfig merged the way kubectl merges it, ready for client-node's KubeConfig.loadFromString. */
export interface RawKubeconfig {
  apiVersion: 'v1'
  kind: 'Config'
  clusters: Named[]
  users: Named[]
  contexts: Named[]
  'current-context': string
}

export interface ResolvedKubeconfig {
  /** Only the chosen context, its cluster and its user; file paths made absolute. */
  config: RawKubeconfig
  context: string
  /** -n, else the context's namespace, else "default". */
  namespace: string
  server: string
  files: string[]
}

export interface Environment {
  KUBECONFIG?: string
  HOME?: string
}

/**
 * kubectl's rules (client-go clientcmd): --kubeconfig replaces $KUBECONFIG; $KUBECONFIG lists files with the
 * path-list separator, missing ones skipped; the first file that sets current-context wins, and for a
 * cluster, user or context named in several files the first definition wins. client-node's loadFromDefault
 * differs on both counts and falls back to localhost:8080, so the merge is done here.
 */
export function resolveKubeconfig(flags: ClusterFlags, env: Environment = process.env): ResolvedKubeconfig {
  const files = candidateFiles(flags, env)
  const merged = {clusters: new Map<string, Named>(), users: new Map<string, Named>(), contexts: new Map<string, Named>(), current: ''}
  for (const file of files) {
    const doc = readKubeconfig(file)
    for (const [key, map] of [
      ['clusters', merged.clusters],
      ['users', merged.users],
      ['contexts', merged.contexts],
    ] as const) {
      for (const entry of namedList(doc[key], file, key)) if (!map.has(entry.name)) map.set(entry.name, absolutePaths(entry, dirname(file)))
    }
    if (!merged.current && typeof doc['current-context'] === 'string') merged.current = doc['current-context']
  }
  const where = files.join(delimiter)
  const name = flags.context ?? merged.current
  if (!name) throw new InputError([`no current context in kubeconfig ${where}: pass --context NAME`])
  const context = merged.contexts.get(name)
  if (!context) throw new InputError([`context "${name}" does not exist in kubeconfig ${where} (contexts: ${[...merged.contexts.keys()].join(', ') || 'none'})`])
  const ctx = (context.context ?? {}) as Record<string, unknown>
  const cluster = merged.clusters.get(String(ctx.cluster ?? ''))
  if (!cluster) throw new InputError([`context "${name}" refers to cluster "${String(ctx.cluster ?? '')}", which is not in kubeconfig ${where}`])
  const user = merged.users.get(String(ctx.user ?? ''))
  const namespace = flags.namespace ?? (typeof ctx.namespace === 'string' && ctx.namespace ? ctx.namespace : 'default')
  const server = String((cluster.cluster as Record<string, unknown> | undefined)?.server ?? '')
  if (!server) throw new InputError([`cluster "${cluster.name}" in kubeconfig ${where} has no server`])
  return {
    // The namespace is written into the context so that client-node defaults unnamespaced objects to -n.
    config: {apiVersion: 'v1', kind: 'Config', clusters: [cluster], users: user ? [user] : [], contexts: [{name, context: {...ctx, namespace}}], 'current-context': name},
    context: name,
    namespace,
    server,
    files,
  }
}

function candidateFiles(flags: ClusterFlags, env: Environment): string[] {
  if (flags.kubeconfig) {
    if (!existsSync(flags.kubeconfig)) throw new InputError([`--kubeconfig ${flags.kubeconfig}: no such file`])
    return [flags.kubeconfig]
  }
  if (env.KUBECONFIG) {
    const listed = env.KUBECONFIG.split(delimiter).filter(Boolean)
    const present = [...new Set(listed)].filter((f) => existsSync(f))
    if (present.length === 0) throw new InputError([`no kubeconfig: none of the files in KUBECONFIG exist (${listed.join(delimiter)})`])
    return present
  }
  const home = join(env.HOME ?? homedir(), '.kube', 'config')
  if (!existsSync(home)) throw new InputError([`no kubeconfig: ${home} does not exist and KUBECONFIG is not set; pass --kubeconfig FILE`])
  return [home]
}

function readKubeconfig(file: string): Record<string, unknown> {
  let doc: unknown
  try {
    doc = parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new InputError([`kubeconfig ${file}: ${(e as Error).message.split('\n')[0]}`])
  }
  if (doc === null || doc === undefined) return {}
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new InputError([`kubeconfig ${file}: not a kubeconfig (expected a map)`])
  return doc as Record<string, unknown>
}

function namedList(value: unknown, file: string, key: string): Named[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new InputError([`kubeconfig ${file}: ${key} must be a list`])
  return value.filter((e): e is Named => typeof e === 'object' && e !== null && typeof (e as Named).name === 'string')
}

const PATH_FIELDS: Record<string, string[]> = {cluster: ['certificate-authority'], user: ['client-certificate', 'client-key', 'tokenFile']}

/** Relative file references in a kubeconfig are relative to the file that holds them (as in kubectl). */
function absolutePaths(entry: Named, dir: string): Named {
  for (const [section, fields] of Object.entries(PATH_FIELDS)) {
    const body = entry[section] as Record<string, unknown> | undefined
    if (!body || typeof body !== 'object') continue
    const fixed = {...body}
    for (const f of fields) if (typeof fixed[f] === 'string' && fixed[f] && !isAbsolute(fixed[f] as string)) fixed[f] = resolve(dir, fixed[f] as string)
    return {...entry, [section]: fixed}
  }
  return entry
}
