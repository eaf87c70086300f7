import {compile, type MeshName} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import type {Verdict} from '../../sim/trace/types.js'
import {parseIdentity} from '../cli/flags.js'
import type {ModelSet} from '../model/set.js'
import {identitiesOf, probesOf} from './probes.js'

export interface ReachabilityChange {
  identity: string
  request: string
  before: Verdict
  after: Verdict
}

/**
 * For every client identity and representative request, the trace verdict against the deployed objects and
 * against the objects as they would be after the change; only the requests whose verdict differs.
 */
export function reachabilityChanges(before: ModelSet, after: ModelSet, mesh: MeshName, osmVersion: '1.2' | 'main' = '1.2'): {changes: ReachabilityChange[]; identities: string[]; probes: string[]} {
  const identities = identitiesOf(before, after)
  const probes = probesOf(before, after)
  const changes: ReachabilityChange[] = []
  for (const identity of identities) {
    const id = parseIdentity(identity)
    if (!id) continue
    const verdicts = (set: ModelSet) => {
      const table = compile(set, {mesh, ...id, osmVersion})
      return probes.map((p) => {
        const request = requestFrom(p)
        return request.ok ? trace(table, request.value).outcome.verdict : 'unsupported'
      })
    }
    const was = verdicts(before)
    const will = verdicts(after)
    probes.forEach((request, i) => {
      if (was[i] !== will[i]) changes.push({identity, request, before: was[i], after: will[i]})
    })
  }
  return {changes, identities, probes}
}
