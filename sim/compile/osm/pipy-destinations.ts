import type {FilterChain, Origin} from '../../rules/types.js'
import {parseCidr} from '../../net/cidr.js'
import type {MeshUpstreams} from './mesh-upstreams.js'
import {meshChainName, portClusterName, routeConfigName} from './names.js'
import {goInsertionSort, pipyMatchLess} from './pipy-order.js'
import {PIPY_SIDECAR} from './route-configs.js'
import type {EgressTrafficPolicy} from './traffic-policy.js'

/** The cluster osm-edge's outbound-tcp-load-balancing.js falls back to: the address the client dialled. */
export const PIPY_ORIGINAL_DST_CLUSTER = 'original-destination'

/** A policy port entry (or mesh Service port) that feeds one Pipy traffic match, with the ranges it adds. */
interface Contributor {
  chain: FilterChain
  ranges: string[]
}

/** osm-edge repo/types.go OutboundTrafficMatch: what Pipy's outbound-main.js calls a destination. */
export interface PipyMatch {
  port: number
  /** newTrafficMatch's key: "<port>=<name>", the name being "http" for every mesh HTTP Service on the port. */
  key: string
  /** setProtocol: lower-cased, tcp-server-first read as tcp. */
  protocol: string
  /** Egress matches come from a Go map (their order is open); mesh matches precede them. */
  fromEgress: boolean
  contributors: Contributor[]
}

/** A policy port that merging with another policy's ipAddresses leaves unable to take what it names. */
export interface MergedAway {
  /** The port entry (or host) whose destination took the other policy's ranges. */
  origin: Origin
  chain: string
  ranges: string[]
  /** Where those ranges are written. */
  rangeOrigins: Origin[]
}

export interface PipyDestinations {
  /** Every port's destinations in the order outbound-main.js tries them. */
  chains: FilterChain[]
  /** Ports whose egress HTTP destination has ranges: its hosts are dialled as mesh peers. */
  rangedHttpPorts: Map<number, Origin>
  /** The same for https: the Egress hosts of the port are dialled as mesh peers. */
  rangedHttpsPorts: Map<number, Origin>
  mergedAway: MergedAway[]
}

/**
 * The per-port destination lists a Pipy sidecar ends up with, built the way osm-edge builds them:
 * repo/util.go generatePipyOutboundTrafficRoutePolicy (mesh Services first) and
 * generatePipyEgressTrafficRoutePolicy (Egress traffic matches) call newTrafficMatch(port, name), which
 * keys by port and name, so every policy naming egress-tcp.5432 feeds ONE destination and its ranges are
 * the union of theirs; HTTP destinations take the ipAddresses of every host route on the port
 * (AllowedDestinationIPRanges). jobs.go reorder() then sorts each port's list (pipy-order.ts), and the
 * sidecar's config.js folds a destination whose identity (port, protocol, sorted ranges) is contained in
 * an earlier one's into it.
 *
 * A destination with ranges ignores the policies that fed it none: those are reported in `mergedAway`.
 */
export function pipyDestinations(mesh: MeshUpstreams, policy: EgressTrafficPolicy): PipyDestinations {
  const byPort = pipyMatchesByPort(mesh, policy)
  const out = noDestinations()
  for (const port of [...byPort.keys()].sort((a, b) => a - b)) portDestinations(port, byPort.get(port)!, out)
  return out
}

export function noDestinations(): PipyDestinations {
  return {chains: [], rangedHttpPorts: new Map(), rangedHttpsPorts: new Map(), mergedAway: []}
}

/**
 * newTrafficMatch's destinations per port, each port's in the order they were made (mesh Services first).
 * A mesh destination is named "http" or outbound_…, an Egress one egress-<protocol>.<port>: the two never
 * share a destination, so each side can be built on its own (pipy-conflicts.ts builds the mesh side once).
 */
export function pipyMatchesByPort(
  mesh: Pick<MeshUpstreams, 'services' | 'chains'>,
  policy: Pick<EgressTrafficPolicy, 'trafficMatches' | 'routesPerPort'>,
): Map<number, PipyMatch[]> {
  const matches = new Map<string, PipyMatch>()
  const get = (port: number, name: string, protocol: string, fromEgress: boolean): PipyMatch => {
    const key = `${port}=${name}`
    let m = matches.get(key)
    if (!m) {
      const lower = protocol.toLowerCase()
      m = {port, key, protocol: lower === 'tcp-server-first' ? 'tcp' : lower, fromEgress, contributors: []}
      matches.set(key, m)
    }
    return m
  }

  const meshChains = new Map<string, FilterChain>()
  for (const c of mesh.chains) if (!meshChains.has(c.name)) meshChains.set(c.name, c)
  for (const s of mesh.services) {
    const chain = meshChains.get(meshChainName(s.namespace, s.name, s.port, s.protocol))
    if (!chain) continue
    const lower = s.protocol.toLowerCase()
    get(s.port, lower === 'http' || lower === 'grpc' ? 'http' : chain.name, lower, false).contributors.push({chain, ranges: s.ranges})
  }

  const httpDone = new Set<number>()
  for (const tm of policy.trafficMatches) {
    const protocol = tm.protocol.toLowerCase()
    const m = get(tm.port, tm.name, protocol, true)
    if (protocol === 'http') {
      m.contributors.push({chain: httpChain(tm.port, tm.origin), ranges: []})
      if (httpDone.has(tm.port)) continue
      httpDone.add(tm.port)
      m.contributors.push(...rangedHttpContributors(tm.port, policy))
    } else if (protocol === 'https' || protocol === 'tcp' || protocol === 'tcp-server-first') {
      const cluster = protocol === 'https' ? portClusterName(tm.port) : PIPY_ORIGINAL_DST_CLUSTER
      const chain: FilterChain = {
        name: tm.name,
        match: {destinationPort: tm.port, ...(tm.ipAddresses.length > 0 ? {prefixRanges: tm.ipAddresses} : {})},
        action: {kind: 'tcp_proxy', cluster},
        origin: tm.origin,
      }
      m.contributors.push({chain, ranges: tm.ipAddresses})
    }
  }

  const byPort = new Map<number, PipyMatch[]>()
  for (const m of matches.values()) {
    const list = byPort.get(m.port)
    if (list) list.push(m)
    else byPort.set(m.port, [m])
  }
  return byPort
}

/** One port's destinations in the order outbound-main.js tries them, added to `out`. */
export function portDestinations(port: number, list: readonly PipyMatch[], out: PipyDestinations): void {
  // Every identity config.js compares starts with "|<port>_": other ports' cannot contain this port's.
  const registered: Registered = new Map()
  // A range Go's ParseCIDR refuses would make reorder() dereference nil; Pipy's Netmask refuses it too and
  // the port fails at run time (sim/trace/pipy.ts), so the order is left as built.
  const bad = list.some((m) => m.contributors.some((c) => c.ranges.some((r) => !parseCidr(r))))
  const sorted = bad || list.length < 2 ? list : goInsertionSort(list, (a, b) => pipyMatchLess(rangesOf(a), rangesOf(b)))
  const kept = sorted.filter((m) => !foldedIntoEarlier(m, registered))
  for (const m of kept) {
    const ranges = rangesOf(m)
    const ranged = m.contributors.filter((c) => c.ranges.length > 0)
    const ties = kept.filter((o) => o !== m && o.fromEgress === m.fromEgress && !pipyMatchLessSafe(o, m) && !pipyMatchLessSafe(m, o))
    const orderOpenWith = [...new Set(ties.flatMap((o) => o.contributors.map((c) => c.chain.name)))]
    const chains = ranges.length > 0 ? ranged.map((c) => ({...c.chain, match: {...c.chain.match, prefixRanges: c.ranges}})) : [m.contributors[0].chain]
    out.chains.push(...chains.map((c) => (orderOpenWith.length > 0 ? {...c, orderOpenWith} : c)))
    if (ranges.length > 0) {
      const rangedPolicies = ranged.map((r) => refKey(r.chain.origin))
      for (const c of m.contributors.filter((c) => c.ranges.length === 0 && !rangedPolicies.includes(refKey(c.chain.origin)))) {
        out.mergedAway.push({origin: c.chain.origin, chain: c.chain.name, ranges, rangeOrigins: ranged.map((r) => r.chain.origin)})
      }
      if (m.fromEgress && m.protocol === 'http') out.rangedHttpPorts.set(port, ranged[0].chain.origin)
      if (m.fromEgress && m.protocol === 'https') out.rangedHttpsPorts.set(port, ranged[0].chain.origin)
    }
  }
}

/** Every http port entry of every policy feeds the one egress-http.<port> destination. */
function httpChain(port: number, origin: Origin, prefixRanges?: string[]): FilterChain {
  return {
    name: `egress-http.${port}`,
    match: {destinationPort: port, ...(prefixRanges ? {prefixRanges} : {})},
    action: {kind: 'http', routeConfig: routeConfigName(port), acceptHttp10: PIPY_SIDECAR.acceptHttp10},
    origin,
  }
}

/**
 * generatePipyEgressTrafficRoutePolicy adds the AllowedDestinationIPRanges of every routing rule of every
 * host route on the port to the port's HTTP destination: one contributor per policy that has any.
 */
function rangedHttpContributors(port: number, policy: Pick<EgressTrafficPolicy, 'routesPerPort'>): Contributor[] {
  const out: Contributor[] = []
  const seen = new Set<string>()
  for (const host of policy.routesPerPort.get(port)?.hosts ?? []) {
    if (host.allowedIpRanges.length === 0) continue
    const ranges = host.allowedIpRanges.map((r) => r.cidr)
    const from = host.allowedIpRanges[0].origin
    const key = JSON.stringify([ranges, refKey(from)])
    if (seen.has(key)) continue
    seen.add(key)
    out.push({chain: httpChain(port, from, ranges), ranges})
  }
  return out
}

function refKey(o: Origin): string {
  return o.from === 'resource' ? `${o.ref.kind}/${o.ref.namespace}/${o.ref.name}` : o.says
}

/** repo/policy.go addDestinationIPRange: the union, first writing of each range kept. */
function rangesOf(m: PipyMatch): string[] {
  return [...new Set(m.contributors.flatMap((c) => c.ranges))]
}

function pipyMatchLessSafe(a: PipyMatch, b: PipyMatch): boolean {
  const ra = rangesOf(a)
  const rb = rangesOf(b)
  if ([...ra, ...rb].some((r) => !parseCidr(r))) return false
  return pipyMatchLess(ra, rb)
}

/**
 * codebase/config.js uniqueIdentity/findIdentity: the identity is "|<port>_<protocol>_<range>|" per sorted
 * range ("*" without ranges); a match whose identity occurs inside an earlier one's is merged into that
 * one (its host map and route rules, not its ranges, which are then a subset) and dropped.
 */
function foldedIntoEarlier(m: PipyMatch, registered: Registered): boolean {
  const keys = rangesOf(m)
  const portProtocol = `${m.port}_${m.protocol}`
  const identity = (keys.length > 0 ? [...keys].sort() : ['*']).map((k) => `|${portProtocol}_${k}|`).join('')
  // Each segment starts with "|<port>_<protocol>_", so only an identity of the same port and protocol can contain this one.
  const same = registered.get(portProtocol)
  if (same?.some((earlier) => earlier.includes(identity))) return true
  if (same) same.push(identity)
  else registered.set(portProtocol, [identity])
  return false
}

/** The identities registered so far, by "<port>_<protocol>". */
type Registered = Map<string, string[]>
