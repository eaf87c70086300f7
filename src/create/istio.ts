import {lockdownPolicy} from './lockdown.js'
import type {Manifest} from './osm.js'
import {ambientExtras, WAYPOINT} from './istio-ambient.js'
import {gatewayApiManifests} from './istio-gateway-api.js'
import type {CreateSpec} from './spec.js'
import {gatewayManifests} from './istio-gateway.js'
import {ISTIO_API_VERSION, httpMatches, httpPorts, originationPort, perHostName} from './istio-parts.js'

/**
 * Istio resources for the request: a ServiceEntry registering the host (istio.md §3), a VirtualService
 * when paths, methods, headers or a timeout narrow the HTTP route (§4), a DestinationRule originating
 * TLS (§5.2), the egress-gateway set (§5.3), and the NetworkPolicy that stops bypassing the sidecar (§7).
 */
export function istioManifests(spec: CreateSpec): Manifest[] {
  const out: Manifest[] = [serviceEntry(spec)]
  if (spec.viaGateway) out.push(...gatewayManifests(spec))
  else if (spec.gatewayApi) out.push(...gatewayApiManifests(spec))
  else if (spec.ambient) out.push(...ambientExtras(spec))
  else if (narrowsHttp(spec)) out.push(...spec.hosts.map((host, i) => meshVirtualService(spec, host, i)))
  if (spec.tlsOrigination) out.push(...spec.hosts.map((host, i) => originationRule(spec, host, i)))
  if (spec.lockdown) out.push(lockdownPolicy(spec))
  return out
}

export function narrowsHttp(spec: CreateSpec): boolean {
  return spec.paths.length > 0 || spec.methods.length > 0 || spec.headers.length > 0 || spec.timeout !== undefined
}

/** The line create prints about who the ServiceEntry opens the destination to (its exportTo). */
export function serviceEntryAudience(spec: CreateSpec): string {
  const exportTo = spec.exportTo ?? ['*']
  const where = exportTo.map((e) => (e === '.' ? spec.namespace : e))
  const who = exportTo.includes('*')
    ? 'pods in every namespace'
    : exportTo.includes('~')
      ? 'no pod (exportTo ~)'
      : `pods in namespace${where.length > 1 ? 's' : ''} ${[...new Set(where)].join(', ')}`
  const what = spec.hosts.length > 0 ? spec.hosts.join(', ') : spec.ips.join(', ')
  const widen = exportTo.includes('*') ? '' : ` (--export-to '*' for every namespace)`
  return `ServiceEntry ${spec.namespace}/${spec.name} has exportTo ${JSON.stringify(exportTo)}: ${who} can now reach ${what} on port${spec.ports.length > 1 ? 's' : ''} ${spec.ports.map((p) => p.number).join(', ')}${widen}`
}

function serviceEntry(spec: CreateSpec): Manifest {
  // DNS cannot resolve a wildcard, and CIDR addresses need NONE (istio.md §3.2).
  const resolution = spec.ips.length > 0 || spec.hosts.some((h) => h.startsWith('*')) ? 'NONE' : 'DNS'
  return {
    apiVersion: ISTIO_API_VERSION,
    kind: 'ServiceEntry',
    metadata: {name: spec.name, namespace: spec.namespace, ...(spec.ambient ? {labels: {'istio.io/use-waypoint': WAYPOINT.name}} : {})},
    spec: {
      hosts: spec.hosts,
      ...(spec.ips.length > 0 ? {addresses: spec.ips} : {}),
      ports: spec.ports.map((p) => ({
        number: p.number,
        name: `${p.protocol.toLowerCase()}-${p.number}`,
        protocol: p.protocol,
        ...(spec.tlsOrigination && p.protocol === 'HTTP' ? {targetPort: originationPort(spec)} : {}),
      })),
      location: 'MESH_EXTERNAL',
      resolution,
      ...(spec.exportTo ? {exportTo: spec.exportTo} : {}),
    },
  }
}

/** The sidecar's HTTP route: only the asked paths/methods/headers match; anything else gets 404. */
function meshVirtualService(spec: CreateSpec, host: string, i: number): Manifest {
  return {
    apiVersion: ISTIO_API_VERSION,
    kind: 'VirtualService',
    metadata: {name: perHostName(spec, i), namespace: spec.namespace},
    spec: {
      hosts: [host],
      http: httpPorts(spec).map((p) => ({
        match: httpMatches(spec, {port: p.number}),
        route: [{destination: {host, port: {number: p.number}}}],
        ...(spec.timeout ? {timeout: spec.timeout} : {}),
      })),
    },
  }
}

function originationRule(spec: CreateSpec, host: string, i: number): Manifest {
  return {
    apiVersion: ISTIO_API_VERSION,
    kind: 'DestinationRule',
    metadata: {name: `${perHostName(spec, i)}-tls`, namespace: spec.namespace},
    spec: {
      host,
      trafficPolicy: {portLevelSettings: httpPorts(spec).map((p) => ({port: {number: p.number}, tls: {mode: 'SIMPLE', sni: host}}))},
    },
  }
}
