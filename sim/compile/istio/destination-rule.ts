import type {ClientTls, DestinationRuleSpec, TrafficPolicy} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {UpstreamTls} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {ofKind, selects} from '../select.js'
import {hostMatches, resolveShortName} from './hosts.js'
import {sniClusterName} from './names.js'
import type {MeshSettings} from './meshconfig.js'
import {byCreation} from './services.js'
import {exportedTo} from './sidecar-scope.js'

export type DestinationRules = (host: string, serviceNamespace: string) => Resource<DestinationRuleSpec> | undefined

/**
 * The DestinationRule a proxy in `namespace` uses for a host: the most specific one in the proxy's own
 * namespace, else one exported from the service's namespace, else from the root namespace
 * (istio pilot/pkg/model/push_context.go destinationRule). A rule anywhere else never applies.
 */
export function destinationRuleLookup(set: ModelSet, mesh: MeshSettings, namespace: string, labels: Record<string, string>): DestinationRules {
  const all = byCreation(ofKind<DestinationRuleSpec>(set, 'DestinationRule', 'networking.istio.io'), (r) => r).filter(
    (dr) => !dr.spec.workloadSelector || (dr.metadata.namespace === namespace && selects(dr.spec.workloadSelector, labels)),
  )
  const mostSpecific = (candidates: Resource<DestinationRuleSpec>[], host: string) => {
    const matching = candidates.filter((dr) => hostMatches(resolveShortName(dr.spec.host ?? '', dr.metadata.namespace), host))
    const exact = matching.find((dr) => resolveShortName(dr.spec.host ?? '', dr.metadata.namespace) === host)
    const hostLength = (dr: Resource<DestinationRuleSpec>) => (dr.spec.host ?? '').length
    return exact ?? [...matching].sort((a, b) => hostLength(b) - hostLength(a))[0]
  }
  const visibleFrom = (ns: string) => all.filter((dr) => dr.metadata.namespace === ns && exportedTo(dr.spec.exportTo ?? mesh.exportTo.destinationRule, ns, namespace))
  return (host, serviceNamespace) =>
    mostSpecific(
      all.filter((dr) => dr.metadata.namespace === namespace),
      host,
    ) ??
    mostSpecific(visibleFrom(serviceNamespace), host) ??
    mostSpecific(visibleFrom(mesh.rootNamespace), host)
}

/** Port-level settings override the policy's own (istio pilot/pkg/networking/core/cluster_builder.go). */
function tlsAt(policy: TrafficPolicy | undefined, port: number): {tls: ClientTls; at: Array<string | number>} | undefined {
  const j = (policy?.portLevelSettings ?? []).findIndex((s) => s.port?.number === port && s.tls)
  if (j >= 0) return {tls: policy!.portLevelSettings![j].tls!, at: ['portLevelSettings', j, 'tls']}
  return policy?.tls ? {tls: policy.tls, at: ['tls']} : undefined
}

/**
 * The TLS the proxy originates towards HOST:PORT (optional subset): a subset's policy overrides the rule's
 * (istio MergeTrafficPolicy). ISTIO_MUTUAL without `sni` sends the cluster's SNI name
 * "outbound_.PORT_.SUBSET_.HOST" (istio pilot/pkg/networking/core/cluster_tls.go, model.BuildDNSSrvSubsetKey).
 */
export function upstreamTls(dr: Resource<DestinationRuleSpec> | undefined, port: number, subset: string, host: string): UpstreamTls | undefined {
  if (!dr) return undefined
  const j = subset ? (dr.spec.subsets ?? []).findIndex((s) => s.name === subset) : -1
  const fromSubset = j >= 0 ? tlsAt(dr.spec.subsets![j].trafficPolicy, port) : undefined
  const fromRule = tlsAt(dr.spec.trafficPolicy, port)
  const found = fromSubset
    ? {tls: fromSubset.tls, at: ['spec', 'subsets', j, 'trafficPolicy', ...fromSubset.at]}
    : fromRule && {tls: fromRule.tls, at: ['spec', 'trafficPolicy', ...fromRule.at]}
  if (!found || !found.tls.mode || found.tls.mode === 'DISABLE') return undefined
  const sni = found.tls.sni ?? (found.tls.mode === 'ISTIO_MUTUAL' ? sniClusterName(port, subset, host) : undefined)
  return {mode: found.tls.mode, ...(sni ? {sni} : {}), origin: originAt(dr, ...found.at)}
}
