import {compile, type MeshName} from '../sim/compile/index.js'
import type {MeshTable} from '../sim/rules/types.js'
import {InputError} from './cli/exit.js'
import {parseIdentity} from './cli/flags.js'
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
export async function readValidInput(paths: readonly string[]): Promise<Input> {
  const input = await readInput(paths)
  if (hasErrors(input.diagnostics)) throw new InputError(input.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic))
  return input
}

/** load → validate, keeping every diagnostic (for the validate command). */
export async function readInput(paths: readonly string[]): Promise<Input> {
  if (paths.length === 0) throw new InputError(['no input: pass -f FILE|DIR|- (reading from a cluster is not available yet)'])
  const loaded = await loadFiles(paths)
  return {set: loaded.set, diagnostics: [...loaded.diagnostics, ...validate(loaded.set)]}
}

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

export function tableFor(set: ModelSet, mesh: MeshName, from: string | undefined, osmVersion?: string): MeshTable {
  const id = identityFrom(from)
  return compile(set, {mesh, ...id, osmVersion: osmVersion === 'main' ? 'main' : '1.2'})
}
