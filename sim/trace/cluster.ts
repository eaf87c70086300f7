import type {Cluster, MeshTable, Origin, Proxy, Route, Workload} from '../rules/types.js'
import {type Conn, type HopEnd, reset, unsupported} from './connection.js'
import type {Destination} from './firewall.js'
import {pipyClosedExit, pipyRotatedEndpoint} from './pipy.js'
import {type Recorded, step} from './recorded.js'
import type {Outcome, Reason, RuleRef} from './types.js'

/** Where a cluster sends the connection. */
export interface Target {
  host: string
  ip?: string
  port: number
  proxy?: {id: string; targetPort: number; tunnel?: boolean}
}

/** The cluster a route or TCP proxy names, and the endpoint it picks; the destination the pod's NetworkPolicy then sees. */
export function clusterStage(
  table: MeshTable,
  proxy: Proxy,
  conn: Conn,
  name: string,
  viaHttp: boolean,
  decided: Origin,
  route: Route | undefined,
): Recorded & ({cluster: Cluster; target: Target; gateway?: Proxy; dst: Destination} | {end: HopEnd}) {
  const cluster = proxy.clusters[name]
  const pipy = proxy.flavor === 'pipy'
  if (!cluster) {
    // outbound-http-default.js: a route but no target ⇒ 404 "Not found".
    const outcome: Outcome = viaHttp
      ? {verdict: 'deny', by: 'proxy', status: pipy ? 404 : (route?.clusterNotFoundStatus ?? 503), ...(pipy ? {} : {responseFlag: 'NC'}), because: {code: 'CLUSTER_MISSING', name}}
      : reset(conn, 'NC', {code: 'CLUSTER_MISSING', name})
    return {end: {outcome, decided}, steps: [step('cluster', null, [], {code: 'CLUSTER_MISSING', name})]}
  }
  const cRef = clusterRef(proxy, cluster)
  if (cluster.notModelled) {
    const because: Reason = {code: 'NOT_MODELLED', says: cluster.notModelled.says}
    return {end: unsupported(because, cluster.notModelled.origin), steps: [step('cluster', cRef, [], because)]}
  }
  if (pipy && cluster.type === 'STRICT_DNS' && cluster.endpoints.length === 0) {
    // The balancer has no target: outbound-http-default.js answers 404, outbound-tcp-default.js ends the stream.
    const because: Reason = {code: 'PIPY_NO_TARGET', name: cluster.name}
    const outcome: Outcome = viaHttp ? {verdict: 'deny', by: 'proxy', status: 404, because} : {verdict: 'deny', by: 'proxy', curlExit: pipyClosedExit(conn.bytes), because}
    return {end: {outcome, decided: cluster.origin}, steps: [step('cluster', cRef, [], because)]}
  }
  const target = endpoint(cluster, conn, pipy)
  if (!target) {
    // A STATIC cluster without endpoints is a black hole by design (Istio BlackHoleCluster): the rule that
    // sent the connection there decided; any other empty cluster is the cluster's own failure.
    const blackHole = cluster.type === 'STATIC' && cluster.endpoints.length === 0
    const because: Reason = {code: blackHole ? 'BLACKHOLE' : 'NO_HEALTHY_UPSTREAM', name: cluster.name}
    const outcome: Outcome = viaHttp ? {verdict: 'deny', by: 'proxy', status: 503, responseFlag: 'UH', because} : reset(conn, 'UH', because)
    return {end: {outcome, decided: blackHole ? decided : cluster.origin}, steps: [step('cluster', cRef, [], because)]}
  }
  const gateway = target.proxy ? table.proxies[target.proxy.id] : undefined
  const dst: Destination = gateway ? {workload: gateway.workload ?? gateway.id, port: target.port} : {ip: target.ip, port: target.port}
  const chosen = step('cluster', cRef, [], {code: 'CLUSTER', name: cluster.name, type: cluster.type, endpoint: `${target.host}:${target.port}`})
  return {cluster, target, gateway, dst, steps: [chosen]}
}

/** The connection the proxy opens to the endpoint (TLS origination, HBONE, a gateway's port), or why it cannot. */
export function upstreamStage(
  table: MeshTable,
  proxy: Proxy,
  conn: Conn,
  picked: {cluster: Cluster; target: Target; gateway?: Proxy},
  viaHttp: boolean,
  decided: Origin,
): Recorded & {end: HopEnd} {
  const {cluster, target, gateway} = picked
  const cRef = clusterRef(proxy, cluster)
  const pipy = proxy.flavor === 'pipy'
  if (cluster.tls?.mode === 'MESH_MUTUAL' && !gateway) {
    // connect-tls.js trusts only the mesh CA and presents the sidecar's mesh certificate; a destination
    // outside the mesh cannot complete that handshake. Pipy's TLS filter then ends the stream without an
    // error, so muxHTTP has no response to give and demuxHTTP ends the client's connection (52), or the
    // client's own TLS handshake is cut short (35).
    const because: Reason = {code: 'MESH_MTLS_TO_EGRESS', cluster: cluster.name, endpoint: `${target.host}:${target.port}`}
    return {
      end: {outcome: {verdict: 'deny', by: 'proxy', curlExit: pipyClosedExit(conn.bytes), because}, decided: cluster.tls.origin},
      steps: [step('upstream', cRef, [], because)],
    }
  }
  const assumptions = []
  if (pipy && !viaHttp && cluster.type === 'STRICT_DNS' && cluster.endpoints.length > 0) {
    const rotated = pipyRotatedEndpoint(cluster, conn.sni)
    if (rotated.others.length > 0 && rotated.matchesSni) {
      assumptions.push({
        code: 'PIPY_ROUND_ROBIN',
        says: `cluster ${cluster.name} rotates connections over ${[`${target.host}:${target.port}`, ...rotated.others].join(', ')} whatever name the client asks for; assumed this one reaches ${target.host}:${target.port}`,
      })
    }
    if (conn.bytes === 'tls' && !rotated.matchesSni) {
      const because: Reason = {code: 'PIPY_TLS_TO_OTHER_HOST', endpoint: `${target.host}:${target.port}`, sni: conn.sni ?? ''}
      // curl: "SSL: no alternative certificate subject name matches target host name" (CURLE_PEER_FAILED_VERIFICATION).
      assumptions.push({code: 'PIPY_OTHER_HOST_CERTIFICATE', says: `${target.host}'s certificate is taken not to name ${conn.sni ?? conn.host}`})
      return {end: {outcome: {verdict: 'deny', by: 'client', curlExit: 60, because}, decided: cluster.origin}, assumptions, steps: [step('upstream', cRef, [], because)]}
    }
  }
  let next: Conn = {...conn, host: target.host, ip: target.ip, port: target.port}
  if (viaHttp) next = {...next, bytes: 'http', alpn: ['http/1.1'], sni: undefined}
  const steps = []
  if (cluster.tls) {
    if (conn.bytes === 'tls' && !viaHttp && !gateway)
      return {
        end: {outcome: reset(conn, 'UF', {code: 'DOUBLE_TLS'}), decided: cluster.tls.origin},
        assumptions,
        steps: [step('upstream', cRef, [], {code: 'DOUBLE_TLS', mode: cluster.tls.mode})],
      }
    next = {...next, bytes: 'tls', sni: cluster.tls.sni, alpn: cluster.tls.mode === 'ISTIO_MUTUAL' ? ['istio-peer-exchange', 'istio'] : [], tls: gateway ? next.tls : 'originated'}
    steps.push(step('upstream', cRef, [], {code: 'TLS_ORIGINATED', mode: cluster.tls.mode, sni: cluster.tls.sni ?? ''}))
  }
  if (gateway && target.proxy!.tunnel) {
    // HBONE: the original destination travels inside the tunnel; the next proxy matches on it.
    return {end: {upstream: {conn: {...conn, from: workloadOf(table, gateway)}, proxy: gateway, viaHttp, listenPort: target.proxy!.targetPort}, decided}, assumptions, steps}
  }
  if (gateway) {
    const inner = {...next, port: target.proxy!.targetPort, ip: undefined, from: workloadOf(table, gateway)}
    return {end: {upstream: {conn: inner, proxy: gateway, viaHttp}, decided}, assumptions, steps}
  }
  // Leaving the mesh: the proxy's own pod must be allowed by NetworkPolicy (checked before).
  return {end: {upstream: {conn: {...next, from: conn.from}, viaHttp}, decided}, assumptions, steps}
}

/** The address a cluster sends this connection to, or null when it has none (no endpoints, unresolvable). */
function endpoint(cluster: Cluster, conn: Conn, pipy: boolean): Target | null {
  if (cluster.type === 'ORIGINAL_DST') return {host: conn.host, ip: conn.ip, port: conn.port}
  if (cluster.type === 'DYNAMIC_FORWARD_PROXY') return forwardProxyTarget(conn, Boolean(cluster.tls))
  const ep = pipy && cluster.endpoints.length > 0 ? pipyRotatedEndpoint(cluster, conn.sni).endpoint : cluster.endpoints[0]
  if (!ep) return null
  // A DNS cluster resolves the literal host string; a wildcard never resolves (Envoy: no healthy upstream).
  if ((cluster.type === 'STRICT_DNS' || cluster.type === 'LOGICAL_DNS') && ep.host.includes('*')) return null
  const isIp = /^[\d.]+$|:/.test(ep.host)
  return {host: ep.host, ip: isIp ? ep.host : undefined, port: ep.port, proxy: ep.proxy}
}

/**
 * Where Envoy's dynamic forward proxy connects: the Host header's name and port (else 80, or 443 when the
 * cluster originates TLS), or for TLS passed through, the SNI (api extensions.clusters.dynamic_forward_proxy).
 */
function forwardProxyTarget(conn: Conn, originatesTls: boolean): {host: string; port: number} | null {
  const authority = conn.http?.authority ?? conn.sni
  if (!authority) return null
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority)
  if (!m) return null
  return {host: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : conn.http ? (originatesTls ? 443 : 80) : conn.port}
}

function workloadOf(table: MeshTable, gateway: Proxy): Workload {
  const id = gateway.workload ?? gateway.id
  const known = table.workloads[id]
  if (known) return known
  return {
    id,
    namespace: id.split('/')[0],
    serviceAccount: '',
    labels: {},
    proxy: gateway.id,
    capture: null,
    firewall: {isolatedBy: [], rules: []},
    origin: {from: 'default', says: `gateway ${id}`},
  }
}

function clusterRef(proxy: Proxy, cluster: Cluster): RuleRef {
  return {proxy: proxy.id, kind: 'cluster', name: cluster.name, origin: cluster.origin}
}
