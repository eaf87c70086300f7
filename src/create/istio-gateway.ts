import {EGRESS_GATEWAY, ISTIO_API_VERSION, httpMatches, httpPorts, perHostName} from './istio-parts.js'
import type {Manifest} from './osm.js'
import type {CreateSpec} from './spec.js'

export const EGRESS_GATEWAY_HOST = `${EGRESS_GATEWAY.service}.${EGRESS_GATEWAY.namespace}.svc.cluster.local`
/** The gateway Service's ports (80→8080, 443→8443 in the default install). */
const GATEWAY_HTTP_PORT = 80
const GATEWAY_TLS_PORT = 443

/**
 * Two hops (egress-gateway task, patterns A and B): the sidecar sends the host to the gateway's subset,
 * the gateway sends it on. The Gateway and the DestinationRule live in the client's namespace, which is
 * on the client's DestinationRule lookup path (istio.md §5.2).
 */
export function gatewayManifests(spec: CreateSpec): Manifest[] {
  const gateway = `${spec.name}-egressgateway`
  const hasTls = spec.ports.some((p) => p.protocol === 'HTTPS' || p.protocol === 'TLS')
  const servers = [
    ...(httpPorts(spec).length > 0 ? [{port: {number: GATEWAY_HTTP_PORT, name: 'http', protocol: 'HTTP'}, hosts: spec.hosts}] : []),
    ...(hasTls ? [{port: {number: GATEWAY_TLS_PORT, name: 'tls', protocol: 'TLS'}, hosts: spec.hosts, tls: {mode: 'PASSTHROUGH'}}] : []),
  ]
  return [
    {apiVersion: ISTIO_API_VERSION, kind: 'Gateway', metadata: {name: gateway, namespace: spec.namespace}, spec: {selector: EGRESS_GATEWAY.selector, servers}},
    {
      apiVersion: ISTIO_API_VERSION,
      kind: 'DestinationRule',
      metadata: {name: gateway, namespace: spec.namespace},
      spec: {host: EGRESS_GATEWAY_HOST, subsets: [{name: spec.name}]},
    },
    ...spec.hosts.map((host, i) => twoHopVirtualService(spec, gateway, host, i)),
  ]
}

function twoHopVirtualService(spec: CreateSpec, gateway: string, host: string, i: number): Manifest {
  const toGateway = (port: number) => [{destination: {host: EGRESS_GATEWAY_HOST, subset: spec.name, port: {number: port}}}]
  const toHost = (port: number) => [{destination: {host, port: {number: port}}}]
  const http = httpPorts(spec).flatMap((p) => [
    {match: httpMatches(spec, {gateways: ['mesh'], port: p.number}), route: toGateway(GATEWAY_HTTP_PORT), ...(spec.timeout ? {timeout: spec.timeout} : {})},
    {match: [{gateways: [gateway], port: GATEWAY_HTTP_PORT}], route: toHost(p.number)},
  ])
  const tls = spec.ports
    .filter((p) => p.protocol === 'HTTPS' || p.protocol === 'TLS')
    .flatMap((p) => [
      {match: [{gateways: ['mesh'], port: p.number, sniHosts: [host]}], route: toGateway(GATEWAY_TLS_PORT)},
      {match: [{gateways: [gateway], port: GATEWAY_TLS_PORT, sniHosts: [host]}], route: toHost(p.number)},
    ])
  return {
    apiVersion: ISTIO_API_VERSION,
    kind: 'VirtualService',
    metadata: {name: perHostName(spec, i), namespace: spec.namespace},
    spec: {hosts: [host], gateways: [gateway, 'mesh'], ...(http.length > 0 ? {http} : {}), ...(tls.length > 0 ? {tls} : {})},
  }
}
