import type {VirtualServiceSpec} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ChainAction, FilterChain, FilterChainMatch, Listener, Origin} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {
  BLACKHOLE_CLUSTER,
  PASSTHROUGH_CLUSTER,
  PASSTHROUGH_FILTER_CHAIN,
  VIRTUAL_OUTBOUND,
  VIRTUAL_OUTBOUND_BLACKHOLE_CHAIN,
  VIRTUAL_OUTBOUND_CATCHALL_CHAIN,
  VIRTUAL_OUTBOUND_PORT,
  clusterName,
  listenerName,
  sidecarRouteConfigName,
} from './names.js'
import {protocolFamily} from './protocol.js'
import type {MeshPort, MeshService} from './services.js'
import {virtualServicesFor, type Scope} from './sidecar-scope.js'
import {staticMatch, weightedClusters, type RouteContext} from './vs-routes.js'

/**
 * Plaintext HTTP chains match only these ALPN values, which Envoy's HTTP inspector sets; HTTP/1.0 is not
 * among them unless PILOT_HTTP10 is set (istio pilot/pkg/networking/core/listener.go plaintextHTTPALPNs).
 */
const PLAINTEXT_HTTP_ALPNS = ['http/1.1', 'h2c']

/** Ports Envoy itself uses; services on them get no outbound listener (istio listener.go). */
const PROXY_PORTS = new Set([15001, 15006, 15008, 15021, 15090])

interface Draft {
  address: string
  port: number
  chains: FilterChain[]
  /** The serialised match of each chain, to keep the first of identical ones. */
  matches: Set<string>
  origin: Origin
}

/** Where a service port is bound: each VIP, or 0.0.0.0 (with prefix ranges for CIDR addresses). */
function binds(svc: MeshService): Array<{address: string; prefixRanges?: string[]}> {
  if (svc.addresses.length === 0) return [{address: '0.0.0.0'}]
  return svc.addresses.map((a) => (a.includes('/') ? {address: '0.0.0.0', prefixRanges: [a]} : {address: a}))
}

function isMatchAll(m: FilterChainMatch): boolean {
  return (
    m.destinationPort === undefined &&
    !m.prefixRanges?.length &&
    !m.serverNames?.length &&
    m.transportProtocol === undefined &&
    !m.applicationProtocols?.length
  )
}

/** Filter chains a VirtualService's `tls` rules give for a TLS port (istio pilot/pkg/networking/core/tls.go). */
function tlsRouteChains(vss: Resource<VirtualServiceSpec>[], ctx: RouteContext, prefixRanges: string[] | undefined): FilterChain[] {
  const out: FilterChain[] = []
  for (const vs of vss) {
    ;(vs.spec.tls ?? []).forEach((rule, i) => {
      ;(rule.match ?? []).forEach((m, j) => {
        if (!staticMatch(m, vs, ctx)) return
        const cluster = weightedClusters(rule.route, vs.metadata.namespace, ctx)[0]?.name ?? BLACKHOLE_CLUSTER
        const ranges = m.destinationSubnets?.length ? m.destinationSubnets : prefixRanges
        out.push({
          name: cluster,
          match: {serverNames: m.sniHosts ?? [], ...(ranges ? {prefixRanges: ranges} : {})},
          action: {kind: 'tcp_proxy', cluster},
          origin: originAt(vs, 'spec', 'tls', i, 'match', j),
        })
      })
    })
  }
  return out
}

/** Filter chains from `tcp` rules; a rule without destinationSubnets ends the list (istio tcp.go). */
function tcpRouteChains(vss: Resource<VirtualServiceSpec>[], ctx: RouteContext, prefixRanges: string[] | undefined): {chains: FilterChain[]; terminal: boolean} {
  const chains: FilterChain[] = []
  for (const vs of vss) {
    for (const [i, rule] of (vs.spec.tcp ?? []).entries()) {
      const matches = rule.match?.length ? rule.match.map((m, j) => ({m, j})).filter(({m}) => staticMatch(m, vs, ctx)) : [{m: {}, j: -1}]
      if (!rule.match?.length && !staticMatch({}, vs, ctx)) continue
      for (const {m, j} of matches) {
        const cluster = weightedClusters(rule.route, vs.metadata.namespace, ctx)[0]?.name ?? BLACKHOLE_CLUSTER
        const subnets = 'destinationSubnets' in m && m.destinationSubnets?.length ? m.destinationSubnets : undefined
        chains.push({
          name: cluster,
          match: subnets ?? prefixRanges ? {prefixRanges: subnets ?? prefixRanges} : {},
          action: {kind: 'tcp_proxy', cluster},
          origin: originAt(vs, 'spec', 'tcp', i, ...(j >= 0 ? ['match', j] : [])),
        })
        if (!subnets) return {chains, terminal: true}
      }
    }
  }
  return {chains, terminal: false}
}

function defaultTcpChain(svc: MeshService, port: MeshPort, match: FilterChainMatch): FilterChain {
  const cluster = clusterName(port.number, '', svc.host)
  return {name: cluster, match, action: {kind: 'tcp_proxy', cluster}, origin: port.origin}
}

function httpChain(rds: string, origin: Origin): FilterChain {
  return {
    name: `http:${rds}`,
    match: {transportProtocol: 'raw_buffer', applicationProtocols: PLAINTEXT_HTTP_ALPNS},
    action: {kind: 'http', routeConfig: rds},
    origin,
  }
}

/** The chains one service port contributes to the listener at one bind (istio listener.go buildSidecarOutboundListener). */
function chainsFor(svc: MeshService, port: MeshPort, bind: {address: string; prefixRanges?: string[]}, scope: Scope, ctx: RouteContext): FilterChain[] {
  const family = protocolFamily(port.protocol)
  const vss = virtualServicesFor(scope, svc.host)
  if (family === 'http') return [httpChain(sidecarRouteConfigName(port.number), port.origin)]
  if (family === 'tls') {
    const fromVs = tlsRouteChains(vss, ctx, bind.prefixRanges)
    if (fromVs.length > 0) return fromVs
    // With a real VIP the destination IP identifies the service; SNI is matched only on wildcard/CIDR binds.
    const bySni = bind.address === '0.0.0.0' ? {serverNames: [svc.host]} : {}
    return [defaultTcpChain(svc, port, {...bySni, ...(bind.prefixRanges ? {prefixRanges: bind.prefixRanges} : {})})]
  }
  const tcp = tcpRouteChains(vss, ctx, bind.prefixRanges)
  const tcpChains = tcp.terminal ? tcp.chains : [...tcp.chains, defaultTcpChain(svc, port, bind.prefixRanges ? {prefixRanges: bind.prefixRanges} : {})]
  if (family === 'tcp') return tcpChains
  // Protocol unset: HTTP is sniffed (ALPN-gated HCM), the rest is TCP.
  const rds = bind.address === '0.0.0.0' ? sidecarRouteConfigName(port.number) : `${svc.host}:${port.number}`
  return [httpChain(rds, port.origin), ...tcpChains]
}

/** The sidecar's outbound listeners: one per bound address and port, then virtualOutbound. */
export function sidecarListeners(scope: Scope, portsOf: (host: string) => number[]): Listener[] {
  const drafts = new Map<string, Draft>()
  for (const svc of scope.services) {
    for (const port of svc.ports) {
      const family = protocolFamily(port.protocol)
      if (family === 'udp' || PROXY_PORTS.has(port.number)) continue
      const ctx: RouteContext = {port: port.number, gateways: ['mesh'], namespace: scope.namespace, labels: scope.labels, portsOf}
      // HTTP is always bound to the wildcard and routed by Host (istio listener.go).
      const bindList = family === 'http' ? [{address: '0.0.0.0'}] : binds(svc)
      for (const bind of bindList) {
        const key = listenerName(bind.address, port.number)
        const draft = drafts.get(key) ?? {address: bind.address, port: port.number, chains: [], matches: new Set(), origin: port.origin}
        drafts.set(key, draft)
        for (const chain of chainsFor(svc, port, bind, scope, ctx)) {
          // Two chains with the same match: the first (oldest service) keeps it (istio listener.go conflict handling).
          const match = JSON.stringify(chain.match)
          if (draft.matches.has(match)) continue
          draft.matches.add(match)
          draft.chains.push(chain)
        }
      }
    }
  }
  const fallthrough = fallthroughChain(scope)
  const listeners = [...drafts.entries()]
    .sort(([, a], [, b]) => a.port - b.port || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
    .map(([name, d]): Listener => ({
      name,
      address: d.address,
      port: d.port,
      handOffToOriginalDst: false,
      inspectors: inspectorsFor(d.chains),
      filterChains: d.chains,
      // A listener with a match-all chain of its own gets no fall-through (istio listener.go).
      defaultChain: d.chains.some((c) => isMatchAll(c.match)) ? null : fallthrough,
      origin: d.origin,
    }))
  return [...listeners, virtualOutbound(scope)]
}

function inspectorsFor(chains: FilterChain[]): Listener['inspectors'] {
  return {
    tls: chains.some((c) => Boolean(c.match.serverNames?.length || c.match.transportProtocol)),
    http: chains.some((c) => Boolean(c.match.applicationProtocols?.length)),
    disabledOnPorts: [],
    // istio mesh protocolDetectionTimeout default 0s: no listener_filters_timeout.
    timeoutSeconds: 0,
  }
}

function fallthroughAction(scope: Scope): ChainAction {
  return {kind: 'tcp_proxy', cluster: scope.outbound.mode === 'REGISTRY_ONLY' ? BLACKHOLE_CLUSTER : PASSTHROUGH_CLUSTER}
}

/** istio listener.go buildOutboundCatchAllNetworkFiltersOnly: every per-port listener's default_filter_chain. */
function fallthroughChain(scope: Scope): FilterChain {
  return {name: PASSTHROUGH_FILTER_CHAIN, match: {}, action: fallthroughAction(scope), origin: scope.outbound.origin}
}

/** istio listener_builder.go buildVirtualOutboundListener: loop guard, then the outbound policy. */
function virtualOutbound(scope: Scope): Listener {
  return {
    name: VIRTUAL_OUTBOUND,
    address: '0.0.0.0',
    port: VIRTUAL_OUTBOUND_PORT,
    handOffToOriginalDst: true,
    inspectors: {tls: false, http: false, disabledOnPorts: [], timeoutSeconds: 0},
    filterChains: [
      {
        name: VIRTUAL_OUTBOUND_BLACKHOLE_CHAIN,
        match: {destinationPort: VIRTUAL_OUTBOUND_PORT},
        action: {kind: 'tcp_proxy', cluster: BLACKHOLE_CLUSTER},
        origin: {from: 'default', says: 'Istio virtualOutbound loop guard: connections to 15001 itself go to BlackHoleCluster'},
      },
      {name: VIRTUAL_OUTBOUND_CATCHALL_CHAIN, match: {}, action: fallthroughAction(scope), origin: scope.outbound.origin},
    ],
    defaultChain: null,
    origin: {from: 'default', says: 'Istio sidecar virtualOutbound listener 0.0.0.0:15001 (iptables redirect target)'},
  }
}
