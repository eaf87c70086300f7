import type {BackendRef, ReferenceGrantSpec} from '../../../../src/model/gateway-api.js'
import type {ServiceEntrySpec} from '../../../../src/model/istio.js'
import type {ModelSet} from '../../../../src/model/set.js'
import {find, ofKind} from '../../select.js'
import {hostMatches} from '../hosts.js'
import {serviceFqdn} from '../names.js'
import {GATEWAY_API_GROUP} from './gateways.js'

/** A route error istiod reports on ResolvedRefs (conditions.go ConfigErrorReason). */
export interface RouteError {
  reason: 'BackendNotFound' | 'RefNotPermitted' | 'InvalidKind' | 'InvalidDestination' | 'InvalidFilter'
  message: string
  /** A hard error drops the rule's routes altogether; the others keep a route to a missing cluster (500). */
  hard: boolean
}

export interface Destination {
  host: string
  port?: number
}

/** ReferenceGrants in the backend's namespace that let this route kind from its namespace reach the backend. */
function granted(set: ModelSet, routeKind: string, routeNamespace: string, toGroup: string, toKind: string, name: string, namespace: string): boolean {
  return ofKind<ReferenceGrantSpec>(set, 'ReferenceGrant', GATEWAY_API_GROUP).some(
    (g) =>
      g.metadata.namespace === namespace &&
      (g.spec?.from ?? []).some((f) => f.group === GATEWAY_API_GROUP && f.kind === routeKind && f.namespace === routeNamespace) &&
      (g.spec?.to ?? []).some((t) => (t.group ?? '') === toGroup && t.kind === toKind && (t.name === undefined || t.name === name)),
  )
}

/**
 * A backendRef as istiod resolves it (pilot/pkg/config/kube/gateway/conversion.go buildDestination): a Service by
 * name, a ServiceEntry host (`kind: Hostname`), checked against ReferenceGrants on gateway routes only.
 */
export function resolveBackend(
  set: ModelSet,
  to: BackendRef,
  routeKind: string,
  routeNamespace: string,
  enforceRefGrant: boolean,
): {destination: Destination | null; error?: RouteError} {
  const group = to.group ?? ''
  const kind = to.kind ?? 'Service'
  if (enforceRefGrant && to.namespace && to.namespace !== routeNamespace && !granted(set, routeKind, routeNamespace, group, kind, to.name, to.namespace)) {
    return {
      destination: {host: ''},
      error: {
        reason: 'RefNotPermitted',
        hard: false,
        message: `backendRef ${to.name}/${to.namespace} not accessible to a ${routeKind} in namespace "${routeNamespace}" (missing a ReferenceGrant?)`,
      },
    }
  }
  const namespace = to.namespace ?? routeNamespace
  let host: string
  let error: RouteError | undefined
  if (group === '' && kind === 'Service') {
    if (to.name.includes('.'))
      return {destination: null, error: {reason: 'InvalidDestination', hard: true, message: 'service name invalid; the name of the Service must be used, not the hostname.'}}
    host = serviceFqdn(to.name, namespace)
    if (!find(set, 'Service', namespace, to.name)) error = {reason: 'BackendNotFound', hard: false, message: `backend(${host}) not found`}
  } else if (group === 'networking.istio.io' && kind === 'Hostname') {
    if (to.namespace !== undefined) return {destination: null, error: {reason: 'InvalidDestination', hard: true, message: 'namespace may not be set with Hostname type'}}
    host = to.name
    if (!hostKnown(set, host)) error = {reason: 'BackendNotFound', hard: false, message: `backend(${host}) not found`}
  } else {
    return {destination: {host: ''}, error: {reason: 'InvalidKind', hard: false, message: `referencing unsupported backendRef: group "${to.group ?? ''}" kind "${to.kind ?? ''}"`}}
  }
  if (to.port === undefined) return {destination: null, error: {reason: 'InvalidDestination', hard: true, message: 'port is required in backendRef'}}
  return {destination: {host, port: to.port}, ...(error ? {error} : {})}
}

/** RouteContext.LookupHostname: a ServiceEntry host or Kubernetes Service FQDN that covers the name. */
function hostKnown(set: ModelSet, host: string): boolean {
  if (ofKind<ServiceEntrySpec>(set, 'ServiceEntry', 'networking.istio.io').some((se) => (se.spec?.hosts ?? []).some((h) => hostMatches(h, host)))) return true
  return ofKind(set, 'Service', '').some((s) => serviceFqdn(s.metadata.name, s.metadata.namespace) === host)
}
