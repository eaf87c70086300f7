import type {DiffReport} from '../diff/index.js'
import {originJson} from './trace-json.js'

export function diffToJson(report: DiffReport): Record<string, unknown> {
  return {
    mesh: report.mesh,
    identities: report.identities,
    classes: report.classes,
    changes: report.changes.map((c) => ({...c, decidedBefore: originJson(c.decidedBefore), decidedAfter: originJson(c.decidedAfter)})),
    notes: report.notes,
  }
}
