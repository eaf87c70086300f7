import {envoyRejections} from '../../../sim/compile/osm/envoy-conflicts.js'
import {type MeshSettings, readMeshSettings} from '../../../sim/compile/osm/meshconfig.js'
import type {Identity} from '../../../sim/compile/osm/policies.js'
import type {Rejection} from '../../../sim/rules/types.js'
import {sourceString} from '../../model/source.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {ModelSet} from '../../model/set.js'
import {fieldName} from '../schema.js'

/**
 * Conflicts between policies that only show per client: Envoy NACKs the listener (overlapping chains) or
 * a route configuration (duplicate domains). The compiler decides them; each rejection is reported once,
 * on the rule that came second, for each of `clients` (clients.ts namedClients) in turn. Pipy has no NACK, so osm-edge has none of these.
 * `rejectionsOf` gives one client's rejections: by default envoyRejections, which answers as compiling
 * the client's sidecar (sidecarProxy) does, at a cost linear in the set rather than per client.
 */
export function conflictWarnings(accepted: ModelSet, clients: readonly string[], rejectionsOf: RejectionsOf = envoyRejections): Diagnostic[] {
  const settings = readMeshSettings(accepted, [])
  const seen = new Set<string>()
  const out: Diagnostic[] = []
  for (const identity of clients) {
    const [namespace, serviceAccount] = identity.split('/')
    for (const r of rejectionsOf(accepted, settings, {namespace, serviceAccount})) {
      // A regex RE2 refuses is reported on the HTTPRouteGroup itself (routegroup-warnings.ts).
      if (r.cause === 'invalid-regex') continue
      const last = r.origins.at(-1)
      if (!last || last.from !== 'resource') continue
      const others = r.origins.slice(0, -1).flatMap((o) => (o.from === 'resource' ? [sourceString(o.source)] : []))
      const key = `${r.what}@${sourceString(last.source)}`
      if (seen.has(key)) continue
      seen.add(key)
      const listener = r.cause === 'overlapping-chains'
      out.push({
        code: listener ? 'OSM_OVERLAPPING_CHAINS' : 'OSM_DUPLICATE_HOST',
        severity: 'warning',
        field: fieldOf(last.source.path),
        message: listener
          ? `for ${identity}, this chain matches the same traffic as ${others.join(', ')}: Envoy rejects the whole outbound listener and every outbound connection is refused (${r.message})`
          : `for ${identity}, this host is already routed on the same port by ${others.join(', ')}: Envoy rejects ${r.what.replace('route config ', '')} and its requests get 404 (${r.message})`,
        source: last.source,
        object: last.ref,
      })
    }
  }
  return out
}

export type RejectionsOf = (set: ModelSet, settings: MeshSettings, identity: Identity) => Rejection[]

/** "/spec/ports/1" → "spec.ports[1]". */
export function fieldOf(path: string): string {
  return fieldName(
    path
      .split('/')
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~'))),
  )
}
