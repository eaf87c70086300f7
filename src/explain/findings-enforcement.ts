import type {MeshTable, Origin} from '../../sim/rules/types.js'
import type {Diagnostic} from '../model/diagnostic.js'
import {refString} from '../model/source.js'
import type {Destination} from './destinations.js'
import {fieldOf, findingAt} from './finding.js'

const PREFIX = {osm: 'OSM', 'osm-edge': 'OSM', istio: 'ISTIO'} as const

/**
 * Policies written for a client whose pods get no sidecar: nothing enforces them, every connection leaves
 * the pod directly (the trace's NO_SIDECAR step, decided by `client.injection`). `would` is the table
 * compiled as if the pod were injected; its policy rules are the ones that cannot take effect. Istio only
 * under REGISTRY_ONLY: with ALLOW_ANY an uninjected pod reaches what it would reach anyway.
 */
export function noSidecar(table: MeshTable, would: MeshTable, wouldApply: readonly Destination[]): Diagnostic[] {
  const setting = table.client.injection
  // Only a written setting is a mistake to point at; a namespace the injector never touches is not.
  if (table.client.proxy || setting?.from !== 'resource') return []
  const proxy = would.client.proxy ? would.proxies[would.client.proxy] : undefined
  const registryOnly = proxy?.listeners
    .flatMap((l) => l.filterChains)
    .find((c) => c.action.kind === 'tcp_proxy' && c.action.cluster === 'BlackHoleCluster' && c.origin.from === 'resource')
  if (table.mesh === 'istio' && !registryOnly) return []
  const policies: Origin[] = [...(registryOnly ? [registryOnly.origin] : []), ...wouldApply.map((d) => d.rule)]
  const fix =
    table.mesh === 'istio'
      ? `inject the sidecar: label namespace ${table.client.namespace} istio-injection=enabled (or the pod sidecar.istio.io/inject=true), and remove any sidecar.istio.io/inject: "false"`
      : `inject the sidecar: label namespace ${table.client.namespace} openservicemesh.io/monitored-by=<mesh name> and annotate it (or the pod) openservicemesh.io/sidecar-injection: enabled`
  return policies.flatMap((origin) => {
    const d = findingAt(
      origin,
      `${PREFIX[table.mesh]}_NO_SIDECAR`,
      `pods of ${table.client.id} get no sidecar (${settingText(setting)}): this policy is not enforced for them and every connection leaves the pod directly`,
      fix,
    )
    return d ? [{...d, severity: 'error' as const, ...related(setting)}] : []
  })
}

/** The defeating setting as a place, for Diagnostic.related. */
export function related(origin: Origin): Pick<Diagnostic, 'related'> {
  return origin.from === 'resource' ? {related: {source: origin.source, object: origin.ref, field: fieldOf(origin.source.path)}} : {}
}

/** The setting by name only: its file:line is the finding's related place ("set by"). */
function settingText(origin: Extract<Origin, {from: 'resource'}>): string {
  const field = fieldOf(origin.source.path)
  return `${refString(origin.ref)}${field ? ` ${field}` : ''}`
}
