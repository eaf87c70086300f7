import type {EgressSpec, UpstreamTrafficSettingSpec} from '../../../src/model/osm.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption} from '../../rules/types.js'
import {derived, find, ofKind, type Replaced} from '../select.js'
import {EGRESS_API_VERSION, UPSTREAM_TRAFFIC_SETTING_API_VERSION} from './api.js'
import {meshMembership} from './namespaces.js'

export interface Identity {
  namespace: string
  serviceAccount: string
}

/** An Egress that applies to the client, with the UpstreamTrafficSetting it references. */
export interface AppliedEgress {
  egress: Resource<EgressSpec>
  /** The first UpstreamTrafficSetting match: found, missing (policy skipped in v1.2), or none named. */
  uts: {resource: Resource<UpstreamTrafficSettingSpec>} | {missing: string} | null
}

/**
 * pkg/policy/client.go ListEgressPoliciesForSourceIdentity: every Egress in a monitored namespace with a
 * source naming the ServiceAccount. There is no break after a matching source, so a policy listing the
 * same ServiceAccount twice applies twice. OSM's order is the informer cache's; input order is used here.
 */
export function egressesFor(set: ModelSet, identity: Identity, assumptions: Assumption[]): AppliedEgress[] {
  const applied: AppliedEgress[] = []
  for (const egress of egressesBySource(set).get(`${identity.namespace}/${identity.serviceAccount}`) ?? []) {
    if (!meshMembership(set, egress.metadata.namespace, assumptions).monitored) continue
    applied.push({egress, uts: upstreamTrafficSetting(set, egress)})
  }
  return applied
}

/** Egress objects by "NAMESPACE/NAME" of each ServiceAccount source, once per source entry, in input order. */
export function egressesBySource(set: ModelSet): Map<string, Resource<EgressSpec>[]> {
  return derived(
    set,
    'osm:egresses-by-source',
    () => {
      const bySource = new Map<string, Resource<EgressSpec>[]>()
      for (const egress of ofKind<EgressSpec>(set, 'Egress')) {
        for (const key of sourceAccounts(egress)) {
          const list_ = bySource.get(key)
          if (list_) list_.push(egress)
          else bySource.set(key, [egress])
        }
      }
      return bySource
    },
    carriedBySource,
  )
}

/** The keys an Egress is listed under in egressesBySource, once per source entry. */
function sourceAccounts(egress: Resource<EgressSpec>): string[] {
  if (egress.apiVersion !== EGRESS_API_VERSION) return []
  // pkg/policy/client.go kindSvcAccount: compared case-sensitively, no wildcards.
  return list(egress.spec?.sources).flatMap((s) => (s?.kind === 'ServiceAccount' ? [`${s.namespace}/${s.name}`] : []))
}

/** The same lists with each replaced Egress in its place, when it is listed under the same keys as the one it replaces. */
function carriedBySource(bySource: Map<string, Resource<EgressSpec>[]>, replaced: readonly Replaced[]): Map<string, Resource<EgressSpec>[]> | undefined {
  let out = bySource
  for (const {was, now} of replaced) {
    if (was.kind !== 'Egress') continue
    const keys = sourceAccounts(was as Resource<EgressSpec>)
    const nowKeys = sourceAccounts(now as Resource<EgressSpec>)
    if (keys.length !== nowKeys.length || keys.some((k, i) => k !== nowKeys[i])) return undefined
    if (out === bySource) out = new Map(bySource)
    for (const key of new Set(keys))
      out.set(
        key,
        out.get(key)!.map((e) => (e === was ? (now as Resource<EgressSpec>) : e)),
      )
  }
  return out
}

/** pkg/catalog/egress.go getUpstreamTrafficSettingForEgress: the first UTS match, in the Egress's namespace. */
function upstreamTrafficSetting(set: ModelSet, egress: Resource<EgressSpec>): AppliedEgress['uts'] {
  const match = list(egress.spec?.matches).find((m) => m?.apiGroup === UPSTREAM_TRAFFIC_SETTING_API_VERSION && m.kind === 'UpstreamTrafficSetting')
  if (!match) return null
  const resource = find<UpstreamTrafficSettingSpec>(set, 'UpstreamTrafficSetting', egress.metadata.namespace, match.name)
  return resource && resource.apiVersion === UPSTREAM_TRAFFIC_SETTING_API_VERSION ? {resource} : {missing: `${egress.metadata.namespace}/${match.name}`}
}

/** An array field of unvalidated input, or [] when it is not one. */
export function list<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : []
}
