import {describe, expect, test} from 'vitest'
import {envoyRejections} from '../../sim/compile/osm/envoy-conflicts.js'
import {sidecarProxy} from '../../sim/compile/osm/index.js'
import {readMeshSettings} from '../../sim/compile/osm/meshconfig.js'
import type {Rejection} from '../../sim/rules/types.js'
import type {EgressSpec} from '../../src/model/osm.js'
import type {Resource} from '../../src/model/resource.js'
import {namedClients, sourceKeys} from '../../src/validate/osm/clients.js'
import {type RejectionsOf, conflictWarnings} from '../../src/validate/osm/conflicts.js'
import {identitiesOf, plantedSeeds, plantedSet} from './planted-sets.js'

/** The straightforward answer: compile the client's whole sidecar, as trace does, and keep its rejections. */
const compiled: RejectionsOf = (set, settings, identity) => {
  const rejections: Rejection[] = []
  sidecarProxy(set, {mesh: 'osm', ...identity}, settings, [], rejections)
  return rejections
}

describe('the indexed Envoy conflict check answers as compiling each sidecar does', () => {
  const causes = new Map<string, number>()
  test.each(plantedSeeds)('seed %i', (seed) => {
    const set = plantedSet(seed)
    const settings = readMeshSettings(set, [])
    for (const identity of identitiesOf(set)) {
      const [namespace, serviceAccount] = identity.split('/')
      const straightforward = compiled(set, settings, {namespace, serviceAccount})
      expect(envoyRejections(set, settings, {namespace, serviceAccount}), `seed ${seed}, ${identity}`).toEqual(straightforward)
      for (const r of straightforward) {
        const kind = `${r.cause}${r.what.includes('rds-outbound') ? ' mesh' : r.what.includes('rds-egress') ? ' egress' : ''}`
        causes.set(kind, (causes.get(kind) ?? 0) + 1)
      }
    }
    const clients = namedClients(set.resources.filter((r): r is Resource<EgressSpec> => r.kind === 'Egress').map(sourceKeys))
    expect(conflictWarnings(set, clients), `seed ${seed}`).toEqual(conflictWarnings(set, clients, compiled))
  })

  // Otherwise the comparison above could pass on sets without a single conflict of some kind.
  test('the planted sets hold every kind of rejection', () => {
    expect([...causes.keys()].sort()).toEqual(['duplicate-domain egress', 'duplicate-domain mesh', 'overlapping-chains'])
  })
})
