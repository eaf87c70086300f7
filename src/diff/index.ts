import type {MeshName} from '../../sim/compile/index.js'
import type {ModelSet} from '../model/set.js'
import {tableFor} from '../pipeline.js'
import {diffTables, type Change} from './diff-tables.js'
import {clientIdentities} from '../client-identities.js'

export type {Change, Reach} from './diff-tables.js'

export interface DiffReport {
  mesh: MeshName
  identities: string[]
  /** Representative requests evaluated, over all identities. */
  classes: number
  changes: Change[]
  notes: string[]
}

/**
 * What changes for each client identity between two policy sets: both are compiled for the identity and
 * compared request class by request class (see request-classes.ts).
 */
export function diffSets(before: ModelSet, after: ModelSet, mesh: MeshName, from?: string): DiffReport {
  const identities = from ? [from] : clientIdentities([before, after], mesh)
  const report: DiffReport = {mesh, identities, classes: 0, changes: [], notes: []}
  for (const id of identities) {
    const result = diffTables(id, tableFor(before, mesh, id), tableFor(after, mesh, id))
    report.classes += result.classes
    report.changes.push(...result.changes)
    report.notes.push(...result.notes.filter((n) => !report.notes.includes(n)))
  }
  return report
}
