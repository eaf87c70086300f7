import type {ModelSet} from '../../../src/model/set.js'
import type {FilterChain} from '../../rules/types.js'
import {derived} from '../select.js'
import type {MeshSettings} from './meshconfig.js'
import {meshChains, meshServices} from './mesh-upstreams.js'
import type {Identity} from './policies.js'
import {type MergedAway, type PipyDestinations, type PipyMatch, noDestinations, pipyMatchesByPort, portDestinations} from './pipy-destinations.js'
import {pipyEgressPolicy} from './pipy-sidecar.js'
import {PIPY_SIDECAR} from './route-configs.js'

/** What the validator reports of a client's Pipy destinations: merged-away policies and order-open chains. */
export interface PipyDestinationFacts {
  mergedAway: MergedAway[]
  /** The destinations' chains, port by port, of at least every port with a fact. */
  chains: FilterChain[]
}

/**
 * The facts pipyCompilation's destinations hold for one client, without building the in-mesh destinations
 * per client: they are the same for every client, and a port's destinations depend only on that port's
 * (pipy-destinations.ts). So the mesh ports are worked out once per set, and each client works out only
 * the ports its own Egress policies use. test/osm/pipy-conflicts.test.ts holds the facts equal to
 * pipyCompilation's on generated sets.
 */
export function pipyDestinationFacts(set: ModelSet, settings: MeshSettings, identity: Identity): PipyDestinationFacts {
  const mesh = meshIndex(set, settings)
  const egress = pipyMatchesByPort({services: [], chains: []}, pipyEgressPolicy(set, {identity, settings, assumptions: []}).policy)
  const out = noDestinations()
  for (const port of [...new Set([...mesh.withFacts.keys(), ...egress.keys()])].sort((a, b) => a - b)) {
    const own = egress.get(port)
    if (own) {
      portDestinations(port, [...(mesh.byPort.get(port) ?? []), ...own], out)
    } else {
      const known = mesh.withFacts.get(port)!
      out.chains.push(...known.chains)
      out.mergedAway.push(...known.mergedAway)
    }
  }
  return out
}

interface MeshIndex {
  byPort: Map<number, PipyMatch[]>
  /** The ports whose mesh destinations alone give a fact, with their destinations. */
  withFacts: Map<number, PipyDestinations>
}

function meshIndex(set: ModelSet, settings: MeshSettings): MeshIndex {
  const bySettings = derived(set, 'osm:pipy-mesh-index', () => new WeakMap<MeshSettings, MeshIndex>())
  let index = bySettings.get(settings)
  if (!index) {
    const services = meshServices(set, settings, [])
    const byPort = pipyMatchesByPort({services, chains: meshChains(services, PIPY_SIDECAR)}, {trafficMatches: [], routesPerPort: new Map()})
    const withFacts = new Map<number, PipyDestinations>()
    for (const [port, list] of byPort) {
      const out = noDestinations()
      portDestinations(port, list, out)
      if (out.mergedAway.length > 0 || out.chains.some((c) => c.orderOpenWith)) withFacts.set(port, out)
    }
    index = {byPort, withFacts}
    bySettings.set(settings, index)
  }
  return index
}
