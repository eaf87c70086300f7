import type {AuthorizationPolicySpec, PolicyTargetReference} from '../../../../src/model/istio-security.js'
import type {Resource} from '../../../../src/model/resource.js'
import type {ModelSet} from '../../../../src/model/set.js'
import type {AuthorizationPolicy, AuthorizationRule} from '../../../rules/types.js'
import {originAt} from '../../locate.js'
import {ofKind} from '../../select.js'
import {byCreation} from '../services.js'

const UNMODELLED_SOURCE = ['requestPrincipals', 'notRequestPrincipals', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const

/** What a waypoint serves a request for: the ServiceEntry (or Service) and the waypoint Gateway itself. */
export interface WaypointTarget {
  kind: 'ServiceEntry' | 'Service'
  name: string
  namespace: string
  waypoint: {name: string; namespace: string}
  rootNamespace: string
}

const refsOf = (spec: AuthorizationPolicySpec): PolicyTargetReference[] => [...(spec.targetRef ? [spec.targetRef] : []), ...(spec.targetRefs ?? [])]

/**
 * Whether a policy applies on a waypoint for a service (istio pilot/pkg/model/policyattachment.go
 * ShouldAttachPolicy): targetRefs to the ServiceEntry/Service in its namespace, to the waypoint Gateway in the
 * waypoint's namespace, or to GatewayClass istio-waypoint from the root namespace. Waypoints ignore selectors.
 */
function attaches(p: Resource<AuthorizationPolicySpec>, t: WaypointTarget): boolean {
  const ns = p.metadata.namespace
  return refsOf(p.spec ?? {}).some((ref) => {
    const group = ref.group ?? ''
    if (ref.kind === 'ServiceEntry' && group === 'networking.istio.io') return ref.name === t.name && ns === t.namespace && t.kind === 'ServiceEntry'
    if (ref.kind === 'Service' && group === '') return ref.name === t.name && ns === t.namespace && t.kind === 'Service'
    if (ref.kind === 'GatewayClass' && group === 'gateway.networking.k8s.io') return ns === t.rootNamespace && ref.name === 'istio-waypoint'
    if (ref.kind === 'Gateway' && group === 'gateway.networking.k8s.io') return ns === t.waypoint.namespace && (ref.namespace ?? ns) === ns && ref.name === t.waypoint.name
    return false
  })
}

function rule(p: Resource<AuthorizationPolicySpec>, i: number): AuthorizationRule {
  const r = p.spec.rules![i]
  const unmodelled: string[] = []
  const from = (r.from ?? []).map((f, j) => {
    const s = f.source ?? {}
    for (const key of UNMODELLED_SOURCE) if (s[key]?.length) unmodelled.push(`rules[${i}].from[${j}].source.${key}`)
    return {principals: s.principals, notPrincipals: s.notPrincipals, namespaces: s.namespaces, notNamespaces: s.notNamespaces}
  })
  const to = (r.to ?? []).map((t) => ({...t.operation}))
  if (r.when?.length) unmodelled.push(`rules[${i}].when`)
  return {from, to, unmodelled, origin: originAt(p, 'spec', 'rules', i)}
}

/** The policies a waypoint's RBAC filters hold for one service, oldest first; AUDIT only logs. */
export function waypointPolicies(set: ModelSet, t: WaypointTarget): AuthorizationPolicy[] {
  return byCreation(ofKind<AuthorizationPolicySpec>(set, 'AuthorizationPolicy', 'security.istio.io'), (r) => r)
    .filter((p) => attaches(p, t) && (p.spec.action ?? 'ALLOW') !== 'AUDIT')
    .map((p) => ({
      name: `${p.metadata.namespace}/${p.metadata.name}`,
      action: (p.spec.action ?? 'ALLOW') as AuthorizationPolicy['action'],
      rules: (p.spec.rules ?? []).map((_, i) => rule(p, i)),
      origin: originAt(p, 'spec', 'action'),
    }))
}
