import {type PipyDestinationFacts, pipyDestinationFacts} from '../../../sim/compile/osm/pipy-conflicts.js'
import {type MeshSettings, readMeshSettings} from '../../../sim/compile/osm/meshconfig.js'
import type {Identity} from '../../../sim/compile/osm/policies.js'
import type {Origin} from '../../../sim/rules/types.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {ModelSet} from '../../model/set.js'
import {sourceString} from '../../model/source.js'
import {fieldOf} from './conflicts.js'

/**
 * What osm-edge does to policies that share a port, per client identity of `clients` (clients.ts namedClients) (the compiler decides,
 * pipy-destinations.ts): a policy whose port destination took another policy's address ranges no longer
 * admits what it names outside them, and destinations whose order Go's map iteration leaves open.
 * Each fact is reported once, on the policy it silently changes. `factsOf` gives one client's facts: by
 * default pipyDestinationFacts, which answers as the client's pipyCompilation does, at a cost linear in the
 * set rather than per client.
 */
export function pipyWarnings(accepted: ModelSet, clients: readonly string[], factsOf: FactsOf = pipyDestinationFacts): Diagnostic[] {
  const settings = readMeshSettings(accepted, [])
  const seen = new Set<string>()
  const out: Diagnostic[] = []
  const once = (key: string, d: Diagnostic | null) => {
    if (!d || seen.has(key)) return
    seen.add(key)
    out.push(d)
  }
  for (const identity of clients) {
    const [namespace, serviceAccount] = identity.split('/')
    const facts = factsOf(accepted, settings, {namespace, serviceAccount})
    for (const m of facts.mergedAway) {
      const at = m.rangeOrigins.flatMap((o) => (o.from === 'resource' ? [sourceString(o.source)] : [])).join(', ')
      once(
        `merged@${key(m.origin)}`,
        warningAt(
          m.origin,
          'OSM_EDGE_RANGES_MERGED',
          `for ${identity}, this port shares osm-edge's ${m.chain} destination with the ipAddresses at ${at}: it now takes only ${m.ranges.join(', ')}, and nothing this policy names elsewhere`,
          'give the policies different ports, or the same ipAddresses',
        ),
      )
    }
    for (const chain of facts.chains) {
      if (!chain.orderOpenWith) continue
      const names = [chain.name, ...chain.orderOpenWith].sort()
      if (names[0] !== chain.name) continue
      once(
        `order@${identity}@${names.join(',')}`,
        warningAt(
          chain.origin,
          'OSM_EDGE_ORDER_OPEN',
          `for ${identity}, ${names.join(' and ')} both take connections osm-edge cannot tell apart; which one Pipy tries first follows Go's map order and can change with every config push`,
          'keep one policy per port, or separate them with ipAddresses',
        ),
      )
    }
  }
  return out
}

export type FactsOf = (set: ModelSet, settings: MeshSettings, identity: Identity) => PipyDestinationFacts

function key(o: Origin): string {
  return o.from === 'resource' ? sourceString(o.source) : o.says
}

function warningAt(o: Origin, code: string, message: string, hint: string): Diagnostic | null {
  if (o.from !== 'resource') return null
  return {code, severity: 'warning', field: fieldOf(o.source.path), message, source: o.source, object: o.ref, hint}
}
