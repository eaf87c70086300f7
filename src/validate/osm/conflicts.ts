import {sidecarProxy} from '../../../sim/compile/osm/index.js'
import {readMeshSettings} from '../../../sim/compile/osm/meshconfig.js'
import type {Rejection} from '../../../sim/rules/types.js'
import {sourceString} from '../../model/source.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {EgressSpec} from '../../model/osm.js'
import type {Resource} from '../../model/resource.js'
import type {ModelSet} from '../../model/set.js'
import {fieldName} from '../schema.js'

/**
 * Conflicts between policies that only show per client: Envoy NACKs the listener (overlapping chains) or
 * a route configuration (duplicate domains). The compiler decides them; each rejection is reported once,
 * on the rule that came second. Pipy has no NACK, so osm-edge has none of these.
 */
export function conflictWarnings(accepted: ModelSet, egresses: Resource<EgressSpec>[]): Diagnostic[] {
  const identities = new Set(egresses.flatMap((e) => (e.spec?.sources ?? []).map((s) => `${s.namespace}/${s.name}`)))
  const settings = readMeshSettings(accepted, [])
  const seen = new Set<string>()
  const out: Diagnostic[] = []
  for (const identity of [...identities].sort()) {
    const [namespace, serviceAccount] = identity.split('/')
    const rejections: Rejection[] = []
    sidecarProxy(accepted, {mesh: 'osm', namespace, serviceAccount}, settings, [], rejections)
    for (const r of rejections) {
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

/** "/spec/ports/1" → "spec.ports[1]". */
export function fieldOf(path: string): string {
  return fieldName(path.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~'))))
}
