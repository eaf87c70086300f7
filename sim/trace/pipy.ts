/**
 * How osm-edge's Pipy sidecar (flomesh-io/osm-edge v1.3.9, pkg/sidecar/providers/pipy/repo/codebase, on
 * Pipy 0.90.3-38) differs from Envoy where the trace walks a table: which destination takes a connection,
 * and how a connection ends when Pipy gives up on it.
 */
import {inRange, parseCidr} from '../net/cidr.js'
import type {Cluster, Endpoint, FilterChain} from '../rules/types.js'
import type {ConnectionAttributes} from './attributes.js'

export interface PipySelection {
  chain: FilterChain | null
  /** The chain was found through one of its address ranges (so the connection is not egress to Pipy). */
  byRange?: boolean
  emptiedAt?: string
  /** A destination on the port with a range Pipy's Netmask refuses: makePortHandler throws for the port. */
  broken?: FilterChain
  /** Other destinations that would also take this connection and whose order against the chosen one is open. */
  orderOpenWith?: string[]
}

/**
 * modules/outbound-main.js makePortHandler: among the port's destinations, in their listed order, the
 * first one with an address range containing the destination address; failing that, the first one with no
 * ranges at all (the `dst.Protocol !== 'tcp'` test reads a field the wrapper object does not have, so it
 * never excludes one). No SNI, no ALPN. A range `new Netmask()` cannot parse makes the handler throw for
 * every connection to the port.
 */
export function selectPipyDestination(chains: readonly FilterChain[], c: ConnectionAttributes): PipySelection {
  const onPort = chains.filter((ch) => ch.match.destinationPort === c.dstPort)
  if (onPort.length === 0) return {chain: null, emptiedAt: 'destination_port'}
  const broken = onPort.find((ch) => (ch.match.prefixRanges ?? []).some((r) => !parseCidr(r)))
  if (broken) return {chain: null, broken}
  const ranges = (ch: FilterChain) => ch.match.prefixRanges ?? []
  const inside = (ch: FilterChain) => ranges(ch).some((r) => inRange(r, c.dstIp))
  const byRange = onPort.find(inside)
  const chain = byRange ?? onPort.find((ch) => ranges(ch).length === 0) ?? null
  if (!chain) return {chain: null, emptiedAt: 'prefix_ranges'}
  const rivals = onPort.filter((ch) => ch.name !== chain.name && (chain.orderOpenWith ?? []).includes(ch.name) && (byRange ? inside(ch) : ranges(ch).length === 0))
  const found = {chain, byRange: byRange !== undefined}
  return rivals.length > 0 ? {...found, orderOpenWith: [...new Set(rivals.map((r) => r.name))]} : found
}

/**
 * What a client sees when Pipy ends its connection. Pipy 0.90.3 src/socket.cpp SocketTCP::send/close: a
 * StreamEnd without error shuts the socket down (FIN); one with an error (outbound-tcp-default.js asks for
 * 'ConnectionReset') closes it, and since Pipy has already read the request, the kernel sends FIN there
 * too (Linux sends RST on close only for unread data; Pipy sets no SO_LINGER). Either way curl reads EOF:
 * "Empty reply from server" (52), or a handshake cut short (35) when it was speaking TLS.
 */
export function pipyClosedExit(bytes: 'tls' | 'http' | 'tcp'): number {
  return bytes === 'tls' ? 35 : 52
}

/**
 * outbound-tcp-load-balancing.js: an https destination's cluster holds the Egress hosts and the balancer
 * takes them in turn, whatever name the client asked for; the client's TLS handshake then meets that
 * host's certificate. Returns the endpoint the trace follows: the one named like the client's SNI when
 * there is one (with the other hosts the rotation may pick instead), else the first.
 */
export function pipyRotatedEndpoint(cluster: Cluster, sni: string | undefined): {endpoint: Endpoint; matchesSni: boolean; others: string[]} {
  const named = sni === undefined ? undefined : cluster.endpoints.find((e) => e.host.toLowerCase() === sni.toLowerCase())
  const endpoint = named ?? cluster.endpoints[0]
  const others = cluster.endpoints.filter((e) => e !== endpoint).map((e) => `${e.host}:${e.port}`)
  return {endpoint, matchesSni: named !== undefined, others}
}
