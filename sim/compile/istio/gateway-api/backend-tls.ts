import type {BackendTlsPolicySpec} from '../../../../src/model/gateway-api.js'
import type {DestinationRuleSpec, ServiceEntrySpec} from '../../../../src/model/istio.js'
import type {Resource} from '../../../../src/model/resource.js'
import type {ModelSet} from '../../../../src/model/set.js'
import type {Assumption, Origin} from '../../../rules/types.js'
import {originAt} from '../../locate.js'
import {ofKind} from '../../select.js'
import {INVALID_CREDENTIAL} from '../clusters.js'
import {serviceFqdn} from '../names.js'
import {byCreation} from '../services.js'
import {istioAtLeast, type IstioVersion} from '../version.js'
import {derivedResource} from './derived.js'
import {GATEWAY_API_GROUP} from './gateways.js'

export interface BackendTlsConfig {
  /** The DestinationRules istiod writes for the policies' targets. */
  destinationRules: Resource<DestinationRuleSpec>[]
  assumptions: Assumption[]
}

interface Target {
  key: string
  namespace: string
  name: string
  hosts: string[]
  /** sectionName → port number; null for the whole target. */
  port: number | null
  policy: Resource<BackendTlsPolicySpec>
  i: number
}

/**
 * What istiod makes of BackendTLSPolicies (pilot/pkg/config/kube/gateway/backend_policies.go
 * BackendTLSPolicyCollection, DestinationRuleCollection): for each target a DestinationRule originating
 * SIMPLE TLS with SNI validation.hostname, the oldest policy winning for the whole target and per sectionName
 * port; a CA reference istiod cannot use fails every handshake (not simulated: unsupported). Istio reads BackendTLSPolicy from 1.26 (istio/istio#55545), Services only; ServiceEntry targets from
 * 1.28 (istio/istio#57633, the egress TLS-origination task's BackendTLSPolicy variant). Before that a target
 * is rejected ("unsupported reference kind") and no TLS is originated for it.
 */
export function backendTlsConfig(set: ModelSet, version: IstioVersion): BackendTlsConfig {
  const policies = byCreation(ofKind<BackendTlsPolicySpec>(set, 'BackendTLSPolicy', GATEWAY_API_GROUP), (r) => r)
  const assumptions: Assumption[] = []
  const ignored = (p: Resource, why: string) =>
    assumptions.push({code: 'BACKEND_TLS_POLICY_IGNORED', says: `BackendTLSPolicy ${p.metadata.namespace}/${p.metadata.name}: ${why}; no TLS is originated for it`})
  if (!istioAtLeast(version, '1.26')) {
    for (const p of policies) ignored(p, `istiod ${version} does not read BackendTLSPolicy (added in 1.26)`)
    return {destinationRules: [], assumptions}
  }
  const targets: Target[] = []
  for (const p of policies) {
    const caRef = p.spec.validation?.caCertificateRefs?.[0]
    if (caRef && caRef.kind === 'ConfigMap')
      assumptions.push({
        code: 'BACKEND_TLS_CA_ASSUMED',
        says: `BackendTLSPolicy ${p.metadata.namespace}/${p.metadata.name}: assuming ConfigMap ${p.metadata.namespace}/${caRef.name} holds a CA that verifies the upstream's certificate`,
      })
    ;(p.spec.targetRefs ?? []).forEach((ref, i) => {
      const found = target(set, p, ref, version)
      if (typeof found === 'string') ignored(p, `targetRefs[${i}]: ${found}`)
      else targets.push({...found, policy: p, i})
    })
  }
  const byKey = new Map<string, Target[]>()
  for (const t of targets) byKey.set(t.key, [...(byKey.get(t.key) ?? []), t])
  const destinationRules = [...byKey.values()].flatMap((group) => group[0].hosts.map((host) => destinationRule(group, host)))
  return {destinationRules, assumptions}
}

function target(
  set: ModelSet,
  p: Resource<BackendTlsPolicySpec>,
  ref: NonNullable<BackendTlsPolicySpec['targetRefs']>[number],
  version: IstioVersion,
): Omit<Target, 'policy' | 'i'> | string {
  const namespace = p.metadata.namespace
  const named = (kind: string, group: string) => ofKind(set, kind, group).find((r) => r.metadata.namespace === namespace && r.metadata.name === ref.name)
  const sectionPort = (ports: Array<{name?: string; number?: number; port?: number}>, what: string): number | null | string => {
    if (!ref.sectionName) return null
    const port = ports.find((x) => x.name === ref.sectionName)
    return port ? Number(port.number ?? port.port) : `sectionName "${ref.sectionName}" does not exist in ${what} ${namespace}/${ref.name}`
  }
  if ((ref.group ?? '') === '' && ref.kind === 'Service') {
    const svc = named('Service', '') as Resource<{ports?: Array<{name?: string; port?: number}>}> | undefined
    if (!svc) return `Service ${namespace}/${ref.name} not found`
    const port = sectionPort(svc.spec?.ports ?? [], 'Service')
    return typeof port === 'string' ? port : {key: `Service/${namespace}/${ref.name}`, namespace, name: ref.name!, hosts: [serviceFqdn(ref.name!, namespace)], port}
  }
  if (ref.group === 'networking.istio.io' && ref.kind === 'ServiceEntry' && istioAtLeast(version, '1.28')) {
    const se = named('ServiceEntry', 'networking.istio.io') as Resource<ServiceEntrySpec> | undefined
    if (!se) return `ServiceEntry ${namespace}/${ref.name} not found`
    const port = sectionPort(se.spec.ports ?? [], 'ServiceEntry')
    return typeof port === 'string' ? port : {key: `ServiceEntry/${namespace}/${ref.name}`, namespace, name: ref.name!, hosts: se.spec.hosts ?? [], port}
  }
  const since = ref.kind === 'ServiceEntry' ? ` in istiod ${version} (ServiceEntry targets from 1.28)` : ''
  return `unsupported reference kind: ${ref.kind}${since}`
}

/** The merged rule for one target host: the oldest whole-target policy, and the oldest per port. */
function destinationRule(group: Target[], host: string): Resource<DestinationRuleSpec> {
  const tlsOf = (t: Target) => {
    const v = t.policy.spec.validation ?? {}
    // getBackendTLSCredentialName: a CA reference of another kind than ConfigMap yields the invalid credential.
    const ca = v.caCertificateRefs?.[0]
    return {mode: 'SIMPLE' as const, ...(v.hostname ? {sni: v.hostname} : {}), ...(ca && ca.kind !== 'ConfigMap' ? {credentialName: INVALID_CREDENTIAL} : {})}
  }
  const origins = new Map<string, Origin>([['', originAt(group[0].policy)]])
  const whole = group.find((t) => t.port === null)
  const perPort = new Map<number, Target>()
  for (const t of group) if (t.port !== null && !perPort.has(t.port)) perPort.set(t.port, t)
  if (whole) origins.set('/spec/trafficPolicy/tls', originAt(whole.policy, 'spec', 'targetRefs', whole.i))
  ;[...perPort.values()].forEach((t, j) => origins.set(`/spec/trafficPolicy/portLevelSettings/${j}/tls`, originAt(t.policy, 'spec', 'targetRefs', t.i)))
  const spec: DestinationRuleSpec = {
    host,
    trafficPolicy: {
      ...(whole ? {tls: tlsOf(whole)} : {}),
      ...(perPort.size > 0 ? {portLevelSettings: [...perPort].map(([number, t]) => ({port: {number}, tls: tlsOf(t)}))} : {}),
    },
  }
  const t = group[0]
  const name = t.key.startsWith('ServiceEntry/') ? `${t.name}~${host}~gateway` : `${t.name}~gateway`
  return derivedResource(t.policy, 'DestinationRule', 'networking.istio.io/v1', {name, namespace: t.namespace}, spec, origins)
}
