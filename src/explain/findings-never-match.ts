import type {MeshTable, Origin, Unapplied} from '../../sim/rules/types.js'
import type {Diagnostic} from '../model/diagnostic.js'
import {refString} from '../model/source.js'
import {findingAt} from './finding.js'
import {related} from './findings-enforcement.js'

/**
 * ServiceEntry hosts that a compiled sidecar does not see (exportTo, a Sidecar's egress hosts) and that no
 * compiled proxy at all (any client's sidecar, or one it would get, any gateway) carries a rule from: the
 * ServiceEntry does nothing for anyone. Seen by some clients and not others is ordinary scoping, not said.
 * `others` compiles the identities not in `tables`, only asked for when there is something to check.
 */
export function serviceEntriesSeenByNone(tables: readonly MeshTable[], others: () => readonly MeshTable[]): Diagnostic[] {
  const hidden = tables.flatMap((t) => (t.unapplied ?? []).filter((u) => u.code === 'ISTIO_SE_NOT_VISIBLE'))
  if (hidden.length === 0) return []
  const carried = new Set([...tables, ...others()].flatMap((t) => Object.values(t.proxies).flatMap((p) => [...resourcesIn(p)])))
  return hidden.flatMap((u) => {
    if (u.origin.from !== 'resource' || carried.has(refString(u.origin.ref))) return []
    const bySidecar = u.setBy?.from === 'resource' && u.setBy.ref.kind === 'Sidecar'
    const fix = bySidecar
      ? `add "${u.origin.ref.namespace}/<host>" (or "*/<host>") to the Sidecar's egress hosts, or delete the ServiceEntry`
      : 'add the clients\' namespaces (or "*") to the ServiceEntry\'s exportTo, or delete the ServiceEntry'
    const d = findingAt(u.origin, u.code, `no proxy in the input gets a rule from this ServiceEntry: ${u.says}`, fix)
    return d ? [{...d, ...setBy(u)}] : []
  })
}

/** VirtualService gateways that name a Gateway no gateway pod serves (compiled in every Istio table). */
export function gatewaysWithoutWorkload(table: MeshTable): Diagnostic[] {
  return (table.unapplied ?? [])
    .filter((u) => u.code === 'ISTIO_VS_GATEWAY_NO_WORKLOAD')
    .flatMap((u) => {
      const d = findingAt(
        u.origin,
        u.code,
        u.says,
        "fix the Gateway's selector to match the labels of the gateway pods (e.g. istio: egressgateway), or bind the VirtualService to a Gateway that selects them",
      )
      return d ? [{...d, ...setBy(u)}] : []
    })
}

function setBy(u: Unapplied): ReturnType<typeof related> {
  return u.setBy ? related(u.setBy) : {}
}

/** Every resource a proxy's rules cite ("Kind ns/name"), wherever in the proxy an origin sits. */
function resourcesIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) resourcesIn(v, out)
  else if (value && typeof value === 'object') {
    const origin = value as Partial<Origin>
    if (origin.from === 'resource' && origin.ref) out.add(refString(origin.ref))
    else for (const v of Object.values(value)) resourcesIn(v, out)
  }
  return out
}
