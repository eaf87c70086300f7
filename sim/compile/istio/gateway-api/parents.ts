import type {ParentReference} from '../../../../src/model/gateway-api.js'
import type {ServiceEntrySpec} from '../../../../src/model/istio.js'
import type {Resource} from '../../../../src/model/resource.js'
import type {ModelSet} from '../../../../src/model/set.js'
import {find} from '../../select.js'
import {hostMatches, splitNamespacedHost} from '../hosts.js'
import {GATEWAY_API_GROUP, istioClassOf, ISTIO_CLASS, listenerParents, type ListenerParent} from './gateways.js'

/** Why a parent did not accept a route: the reason and message istiod writes (conversion.go referenceAllowed, conditions.go). */
export interface ParentDenial {
  reason: 'NoMatchingParent' | 'NotAllowedByListeners' | 'NoMatchingListenerHostname'
  message: string
}

/** One parent a route reference resolved to: a listener of a Gateway, or the mesh (a Service or ServiceEntry). */
export type ResolvedParent =
  | {kind: 'listener'; index: number; parent: ListenerParent; denied?: ParentDenial}
  | {
      kind: 'mesh'
      index: number
      target: 'Service' | 'ServiceEntry'
      namespace: string
      name: string
      port?: number
      serviceEntry?: Resource<ServiceEntrySpec>
      denied?: ParentDenial
    }

/** The version in Istio 1.30's gvk table, which the "kind … is not allowed" message prints (pkg/config/schema/gvk/resources.gen.go). */
const ISTIO_KIND_VERSION: Record<string, string> = {TCPRoute: 'v1alpha2'}

/** group/kind with the Gateway API defaults (gatewaycommon NormalizeReference). */
function groupKind(ref: ParentReference): string {
  return `${ref.group ?? GATEWAY_API_GROUP}/${ref.kind ?? 'Gateway'}`
}

/**
 * The parents of one route, each with why it refused the route if it did. References to kinds istiod does
 * not handle, and Gateways that are not Istio's (or do not exist), are ignored: istiod writes no status for
 * them (conversion.go extractParentReferenceInfo).
 */
export function resolveParents(set: ModelSet, route: Resource, routeKind: string, parentRefs: ParentReference[], hostnames: string[]): ResolvedParent[] {
  const out: ResolvedParent[] = []
  parentRefs.forEach((ref, index) => {
    const namespace = ref.namespace ?? route.metadata.namespace
    const gk = groupKind(ref)
    if (gk === 'networking.istio.io/ServiceEntry' || gk === '/Service') {
      const target = gk === '/Service' ? 'Service' : 'ServiceEntry'
      const found = target === 'Service' ? find(set, 'Service', namespace, ref.name) : find<ServiceEntrySpec>(set, 'ServiceEntry', namespace, ref.name)
      const denied: ParentDenial | undefined = found
        ? undefined
        : {reason: 'NoMatchingParent', message: `parent ${target === 'Service' ? 'service' : 'service entry'}: "${ref.name}" not found`}
      out.push({
        kind: 'mesh',
        index,
        target,
        namespace,
        name: ref.name,
        ...(ref.port ? {port: ref.port} : {}),
        ...(target === 'ServiceEntry' && found ? {serviceEntry: found as Resource<ServiceEntrySpec>} : {}),
        ...(denied ? {denied} : {}),
      })
      return
    }
    if (gk !== `${GATEWAY_API_GROUP}/Gateway`) return
    const gw = find(set, 'Gateway', namespace, ref.name)
    if (!gw || gw.apiVersion.split('/')[0] !== GATEWAY_API_GROUP || istioClassOf(set, gw as never) !== ISTIO_CLASS) return
    for (const parent of listenerParents(set, gw as never)) {
      const denied = listenerDenial(parent, ref, routeKind, hostnames, route.metadata.namespace)
      out.push({kind: 'listener', index, parent, ...(denied ? {denied} : {})})
    }
  })
  return out
}

/** istio conversion.go referenceAllowed, the Gateway branch: port, sectionName, hostname × namespace, then route kind. */
function listenerDenial(parent: ListenerParent, ref: ParentReference, routeKind: string, routeHostnames: string[], routeNamespace: string): ParentDenial | undefined {
  if (ref.port !== undefined && ref.port !== parent.listener.port) return {reason: 'NoMatchingParent', message: `port ${ref.port} not found`}
  if (ref.sectionName && ref.sectionName !== parent.listener.name) return {reason: 'NoMatchingParent', message: `sectionName "${ref.sectionName}" not found`}
  const hostnames = routeHostnames.length ? routeHostnames : ['*']
  let matched = false
  let hostMatched = false
  for (const routeHost of hostnames) {
    for (const written of parent.hostnames) {
      const [ns, parentHost] = splitNamespacedHost(written)
      // host.Name(parent).Matches(route): a bidirectional wildcard match.
      const hostOk = hostMatches(parentHost, routeHost) || hostMatches(routeHost, parentHost)
      hostMatched ||= hostOk
      if (hostOk && (ns === '*' || ns === routeNamespace)) matched = true
    }
  }
  if (!matched) {
    return hostMatched
      ? {reason: 'NotAllowedByListeners', message: `hostnames matched parent hostname "${parent.originalHostname}", but namespace "${routeNamespace}" is not allowed by the parent`}
      : {reason: 'NoMatchingListenerHostname', message: `no hostnames matched parent hostname "${parent.originalHostname}"`}
  }
  if (!parent.allowedKinds.includes(routeKind))
    return {reason: 'NotAllowedByListeners', message: `kind ${GATEWAY_API_GROUP}/${ISTIO_KIND_VERSION[routeKind] ?? 'v1'}/${routeKind} is not allowed`}
  return undefined
}
