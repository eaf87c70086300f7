import {GATEWAY_API_VERSION, SERVICE_ENTRY_PARENT} from './istio-gateway-api.js'
import type {Manifest} from './osm.js'
import type {CreateSpec} from './spec.js'

/** The waypoint istioctl waypoint apply writes by default (name "waypoint", --for service). */
export const WAYPOINT = {name: 'waypoint', port: 15008}

/**
 * Ambient egress (istio.io ambient "Egress gateways"): a waypoint Gateway of class istio-waypoint in the
 * ServiceEntry's namespace, and the ServiceEntry bound to it by istio.io/use-waypoint, so ztunnel sends the
 * host's traffic to the waypoint, which applies L7 policy. With --from, --path or --method, an ALLOW
 * AuthorizationPolicy targetRef'd to the ServiceEntry: once one ALLOW policy applies, the waypoint denies what
 * no ALLOW rule matches (the task's apply_authz_policy / verify_denied_request).
 */
export function ambientExtras(spec: CreateSpec): Manifest[] {
  const waypoint: Manifest = {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata: {name: WAYPOINT.name, namespace: spec.namespace, labels: {'istio.io/waypoint-for': 'service'}},
    spec: {gatewayClassName: 'istio-waypoint', listeners: [{name: 'mesh', port: WAYPOINT.port, protocol: 'HBONE'}]},
  }
  return [waypoint, ...(spec.client || spec.paths.length > 0 || spec.methods.length > 0 ? [authorizationPolicy(spec)] : [])]
}

function authorizationPolicy(spec: CreateSpec): Manifest {
  const operation = {
    ...(spec.methods.length > 0 ? {methods: spec.methods} : {}),
    ...(spec.paths.length > 0 ? {paths: spec.paths.map((p) => policyPath(p)!)} : {}),
  }
  // Ambient identities are SPIFFE ids in the mesh's trust domain, cluster.local unless set otherwise.
  const from = spec.client ? {from: [{source: {principals: [`cluster.local/ns/${spec.client.namespace}/sa/${spec.client.serviceAccount}`]}}]} : {}
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: {name: spec.name, namespace: spec.namespace},
    spec: {targetRefs: [{...SERVICE_ENTRY_PARENT, name: spec.name}], action: 'ALLOW', rules: [{...from, ...(Object.keys(operation).length > 0 ? {to: [{operation}]} : {})}]},
  }
}

/**
 * An AuthorizationPolicy path is exact, prefix ("/a/*") or suffix ("*.json"), not a regex (istio
 * security/authorization "StringMatch" for paths). --path is a whole-path regex: a literal one becomes an
 * exact path, "LITERAL.*" a prefix; anything else has no policy form (null).
 */
export function policyPath(regex: string): string | null {
  const literal = (s: string) => (/^([A-Za-z0-9/_~-]|\\\.)*$/.test(s) ? s.replace(/\\\./g, '.') : null)
  const prefix = regex.endsWith('.*') ? literal(regex.slice(0, -2)) : null
  if (prefix !== null) return `${prefix}*`
  return literal(regex)
}
