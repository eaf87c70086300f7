import type {AccessRecord} from './record.js'

/** What the client asked for on one outbound connection or request, as far as the access log says. */
export type Flow =
  | {kind: 'http'; method: string; authority: string; path: string; protocol: string; destination: Address}
  | {kind: 'tls'; sni: string; destination: Address}
  | {kind: 'tcp'; destination: Address}

/** The address the client dialled; either part may be missing from the log. */
export interface Address {
  ip?: string
  port?: number
}

export type FlowResult =
  | {kind: 'flow'; flow: Flow /** Fields the log could not give, each with why. */; missing: string[]}
  | {kind: 'inbound'}
  /** An outbound line too poor to say what was asked (no destination at all). */
  | {kind: 'unreplayable'; missing: string[]}

/**
 * The outbound flow one access-log line records. Inbound lines are told apart by their cluster: Istio names
 * inbound clusters `inbound|PORT||` and `InboundPassthroughCluster` (istio pilot/pkg/networking/util
 * BuildInboundSubsetKey, pkg/util/… InboundPassthroughCluster); OSM names the local cluster
 * `NS/SVC|PORT|local` (OSM v1.2.4 pkg/envoy/cds, `|local` suffix).
 */
export function flowOf(r: AccessRecord): FlowResult {
  const cluster = r.upstreamCluster ?? ''
  if (cluster.startsWith('inbound|') || cluster.startsWith('InboundPassthroughCluster') || cluster.endsWith('|local')) return {kind: 'inbound'}
  const missing: string[] = []
  // Istio logs the original destination (an outbound listener's local address); OSM's format has none, so
  // the address Envoy connected to stands in where the cluster is the original-destination passthrough.
  let destination = parseAddress(r.originalDestination)
  if (!r.originalDestination) {
    const passthrough = cluster === 'passthrough-outbound' || cluster === 'PassthroughCluster'
    destination = passthrough ? parseAddress(r.upstreamHost) : {port: parseAddress(r.upstreamHost).port}
    if (destination.ip === undefined) missing.push(`destination address: ${r.format === 'osm-json' ? "OSM's access log has no %DOWNSTREAM_LOCAL_ADDRESS%" : 'not in the log'}`)
  }
  if (r.method && r.protocol?.startsWith('HTTP')) {
    if (!r.authority) return {kind: 'unreplayable', missing: ['authority (Host header): not in the log']}
    return {kind: 'flow', flow: {kind: 'http', method: r.method, authority: r.authority, path: r.path ?? '/', protocol: r.protocol, destination}, missing}
  }
  if (destination.port === undefined) missing.push('destination port: not in the log')
  if (r.sni) return {kind: 'flow', flow: {kind: 'tls', sni: r.sni, destination}, missing}
  if (destination.ip === undefined || destination.port === undefined) return {kind: 'unreplayable', missing}
  missing.push('host name: a TCP connection is logged by address only')
  return {kind: 'flow', flow: {kind: 'tcp', destination}, missing}
}

/** "10.0.0.1:443", "[2001:db8::1]:443" → parts; anything else → nothing. */
export function parseAddress(text: string | undefined): Address {
  if (!text) return {}
  const m = /^\[?([0-9a-fA-F.:]+?)\]?:(\d{1,5})$/.exec(text)
  return m ? {ip: m[1], port: Number(m[2])} : {}
}

/** One string per distinct flow (the key flows are counted by). */
export function flowKey(f: Flow): string {
  const to = `${f.destination.ip ?? '?'}:${f.destination.port ?? '?'}`
  if (f.kind === 'http') return `http ${f.method} ${f.protocol} ${f.authority} ${f.path} ${to}`
  return f.kind === 'tls' ? `tls ${f.sni} ${to}` : `tcp ${to}`
}
