import type {ClusterFlags} from '../cluster/kubeconfig.js'
import {InputError} from '../cli/exit.js'
import {detectMesh} from '../detect-mesh.js'
import type {ModelSet} from '../model/set.js'
import type {CreateMesh} from './spec.js'

const MESHES: CreateMesh[] = ['osm', 'osm-edge', 'istio']

/**
 * The mesh create writes for: --mesh; else detected from the -f files, or from the cluster when --context or
 * --kubeconfig names one; else asked on a terminal; else an error. Never a silent default: OSM YAML is
 * useless to an Istio user.
 */
export async function meshForCreate(flag: string | undefined, known: Known | null): Promise<{mesh: CreateMesh; why?: string}> {
  if (flag) return {mesh: flag as CreateMesh}
  if (known) {
    const detected = detectMesh(known.set)
    if ('mesh' in detected) return {mesh: detected.mesh, why: `writing for ${detected.mesh}, detected from ${known.where}: ${detected.why} (pass --mesh to choose)`}
  }
  if (process.stdin.isTTY && process.stderr.isTTY) return {mesh: await askMesh()}
  throw new InputError([`--mesh is required: pass --mesh ${MESHES.join('|')}${known ? ` (${known.where} do not tell)` : ', or -f with the mesh objects'}`])
}

/** What create can look at besides its flags: the -f files, or the cluster --context/--kubeconfig names. */
export interface Known {
  set: ModelSet
  where: string
}

export async function knownObjects(files: readonly string[], cluster: ClusterFlags | null): Promise<Known | null> {
  if (files.length > 0) {
    const [{loadFiles}, {formatDiagnostic, hasErrors}] = await Promise.all([import('../load/files.js'), import('../model/diagnostic.js')])
    const loaded = await loadFiles(files)
    if (hasErrors(loaded.diagnostics)) throw new InputError(loaded.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic))
    return {set: loaded.set, where: 'the -f files'}
  }
  if (!cluster) return null
  const [{connect}, {readDeployed}] = await Promise.all([import('../cluster/connect.js'), import('../pipeline.js')])
  return {set: (await readDeployed(await connect(cluster), cluster)).input.set, where: `the objects in context "${cluster.context ?? 'current'}"`}
}

async function askMesh(): Promise<CreateMesh> {
  const {createInterface} = await import('node:readline/promises')
  const rl = createInterface({input: process.stdin, output: process.stderr})
  try {
    for (;;) {
      const answer = (await rl.question(`Mesh to write for (${MESHES.join(', ')}): `)).trim().toLowerCase()
      if ((MESHES as string[]).includes(answer)) return answer as CreateMesh
    }
  } finally {
    rl.close()
  }
}
