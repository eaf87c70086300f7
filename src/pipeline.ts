import {compile, type MeshName} from '../sim/compile/index.js'
import {isIstioVersion, type IstioVersion} from '../sim/compile/istio/version.js'
import type {Assumption, MeshTable} from '../sim/rules/types.js'
import {InputError} from './cli/exit.js'
import type {Client} from './client/resolve-client.js'
import {parseIdentity} from './cli/flags.js'
import {progress} from './cli/progress.js'
import {connect, type Cluster} from './cluster/connect.js'
import type {ClusterFlags} from './cluster/kubeconfig.js'
import {readCluster, type ClusterRead} from './cluster/read.js'
import {detectMesh} from './detect-mesh.js'
import {loadFiles} from './load/files.js'
import {formatDiagnostic, hasErrors, type Diagnostic} from './model/diagnostic.js'
import type {ModelSet} from './model/set.js'
import {validate} from './validate/index.js'

export interface Input {
  set: ModelSet
  /** Load and validation problems, errors and warnings. */
  diagnostics: Diagnostic[]
}

/** load → validate. Throws InputError (exit 2) listing every error when anything would be rejected. */
export async function readValidInput(paths: readonly string[], cluster?: ClusterFlags, istioVersion?: string): Promise<Input> {
  const input = await readInput(paths, cluster, istioVersion)
  if (hasErrors(input.diagnostics)) throw new InputError(input.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic))
  return input
}

/**
 * load → validate, keeping every diagnostic (for the validate command). Without -f, commands that pass
 * their cluster flags read what is deployed instead.
 */
export async function readInput(paths: readonly string[], cluster?: ClusterFlags, istioVersion?: string): Promise<Input> {
  if (paths.length === 0) {
    if (!cluster) throw new InputError(['no input: pass -f FILE|DIR|-'])
    return (await readDeployed(await connect(cluster), cluster, istioVersion)).input
  }
  const loaded = await loadFiles(paths)
  return {set: loaded.set, diagnostics: [...loaded.diagnostics, ...validate(loaded.set, {istioVersion: istioVersionOf(istioVersion)})]}
}

/** What is deployed, validated as files are. */
export async function readDeployed(cluster: Cluster, flags: ClusterFlags, istioVersion?: string): Promise<{input: Input; read: ClusterRead}> {
  const read = await readDeployedObjects(cluster, flags)
  return {input: {set: read.set, diagnostics: validate(read.set, {istioVersion: istioVersionOf(istioVersion)})}, read}
}

/** Reads the deployed objects and says on stderr which context (and how much) was read. */
export async function readDeployedObjects(cluster: Cluster, flags: ClusterFlags): Promise<ClusterRead> {
  const started = performance.now()
  const status = progress()
  const read = await readCluster(cluster, flags.allNamespaces ? undefined : flags.namespace, (counts) => {
    const kinds = [...counts].filter(([, n]) => n > 0).map(([kind, n]) => `${kind} ${count(n)}`)
    // One terminal line, or \r cannot take it back.
    status.update(`reading from context "${cluster.context}": ${kinds.join(' · ')}…`.slice(0, (process.stderr.columns || 80) - 1))
  })
  status.clear()
  process.stderr.write(readSummary(read, (performance.now() - started) / 1000, Boolean(flags.verbose || process.stderr.isTTY), flags.verbose) + '\n')
  return read
}

/**
 * `read 11,001 objects from context "prod" (all namespaces) in 2.10 s`, then per kind when `perKind`
 * (`: Egress 10,000 · HTTPRouteGroup 1,000 · …`), with the requests each took when `verbose`.
 */
export function readSummary(read: ClusterRead, seconds: number, perKind: boolean, verbose = false): string {
  const missing =
    (read.notInstalled.length ? `; not installed: ${read.notInstalled.join(', ')}` : '') +
    (read.notServed.length ? `; not served by this API server: ${read.notServed.join(', ')}` : '')
  const kinds = read.kinds
    .filter((k) => k.count > 0 || verbose)
    .map((k) => {
      const how = [verbose && `${k.requests} ${k.requests === 1 ? 'request' : 'requests'}`, k.relisted && 'read again whole: its continue token expired'].filter(Boolean)
      return `${k.kind} ${count(k.count)}${how.length ? ` (${how.join(', ')})` : ''}`
    })
  return `read ${count(read.set.resources.length)} objects from context "${read.context}" (${read.scope}) in ${seconds.toFixed(2)} s${perKind ? ': ' + kinds.join(' · ') : ''}${missing}`
}

const count = (n: number) => n.toLocaleString('en-US')

export function chooseMesh(set: ModelSet, flag: string | undefined): {mesh: MeshName; why: string} {
  if (flag) return {mesh: flag as MeshName, why: '--mesh'}
  const detected = detectMesh(set)
  if ('error' in detected) throw new InputError([detected.error])
  return detected
}

export function identityFrom(flag: string | undefined): {namespace: string; serviceAccount: string} {
  if (!flag) throw new InputError(['--from NAMESPACE/SERVICEACCOUNT is required: the identity of the client pod'])
  const id = parseIdentity(flag)
  if (!id) throw new InputError([`--from: "${flag}" is not NAMESPACE/SERVICEACCOUNT`])
  return id
}

/** The rule table for one client: NAMESPACE/SERVICEACCOUNT as written, or as resolveClient found it (its pod template, and how it was chosen). */
export function tableFor(set: ModelSet, mesh: MeshName, from: string | Client | undefined, osmVersion?: string, istioVersion?: string): MeshTable {
  const client: Client = typeof from === 'object' ? from : identityFrom(from)
  const table = compile(set, {
    mesh,
    namespace: client.namespace,
    serviceAccount: client.serviceAccount,
    pod: client.pod,
    osmVersion: osmVersion === 'main' ? 'main' : '1.2',
    istioVersion: istioVersionOf(istioVersion),
  })
  if (client.chosen) table.assumptions.unshift({code: 'CLIENT_CHOSEN', says: client.chosen})
  return table
}

/** A --istio-version value (oclif has checked it is one of ISTIO_VERSIONS); undefined ⇒ the newest. */
export function istioVersionOf(text: string | undefined): IstioVersion | undefined {
  return text !== undefined && isIstioVersion(text) ? text : undefined
}

/** When the mesh was detected rather than named, the trace says which and why. */
export function meshAssumptions(chosen: {mesh: MeshName; why: string}): Assumption[] {
  return chosen.why === '--mesh' ? [] : [{code: 'MESH_DETECTED', says: `simulating ${chosen.mesh}: ${chosen.why} (pass --mesh to choose)`}]
}
