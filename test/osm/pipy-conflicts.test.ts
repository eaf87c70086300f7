import {describe, expect, test} from 'vitest'
import {readMeshSettings} from '../../sim/compile/osm/meshconfig.js'
import {pipyDestinationFacts} from '../../sim/compile/osm/pipy-conflicts.js'
import {pipyCompilation} from '../../sim/compile/osm/pipy-sidecar.js'
import type {EgressSpec} from '../../src/model/osm.js'
import type {Resource} from '../../src/model/resource.js'
import {namedClients, sourceKeys} from '../../src/validate/osm/clients.js'
import {type FactsOf, pipyWarnings} from '../../src/validate/osm/pipy-warnings.js'
import {identitiesOf, plantedSet, plantedSeeds} from './planted-sets.js'

/** The straightforward answer: compile the client's whole Pipy sidecar, as trace does. */
const compiled: FactsOf = (set, settings, identity) => {
  const {proxy, destinations} = pipyCompilation(set, {id: `${identity.namespace}/${identity.serviceAccount}`, identity, settings, assumptions: [], rejections: []})
  return {mergedAway: destinations.mergedAway, chains: proxy.listeners.flatMap((l) => l.filterChains)}
}

describe('the indexed osm-edge destination facts answer as compiling each Pipy sidecar does', () => {
  const kinds = new Set<string>()
  test.each(plantedSeeds)('seed %i', (seed) => {
    const set = plantedSet(seed)
    const settings = readMeshSettings(set, [])
    for (const identity of identitiesOf(set)) {
      const [namespace, serviceAccount] = identity.split('/')
      const straightforward = compiled(set, settings, {namespace, serviceAccount})
      const indexed = pipyDestinationFacts(set, settings, {namespace, serviceAccount})
      expect(indexed.mergedAway, `seed ${seed}, ${identity}`).toEqual(straightforward.mergedAway)
      const open = (chains: typeof indexed.chains) => chains.filter((c) => c.orderOpenWith)
      expect(open(indexed.chains), `seed ${seed}, ${identity}`).toEqual(open(straightforward.chains))
      if (straightforward.mergedAway.length > 0) kinds.add('merged')
      for (const c of open(straightforward.chains)) kinds.add(c.name.startsWith('outbound_') ? 'mesh order open' : 'egress order open')
    }
    const clients = namedClients(set.resources.filter((r): r is Resource<EgressSpec> => r.kind === 'Egress').map(sourceKeys))
    expect(pipyWarnings(set, clients), `seed ${seed}`).toEqual(pipyWarnings(set, clients, compiled))
  })

  // Otherwise the comparison above could pass on sets without a single fact of some kind.
  test('the planted sets hold every kind of fact', () => {
    expect([...kinds].sort()).toEqual(['egress order open', 'merged', 'mesh order open'])
  })
})
