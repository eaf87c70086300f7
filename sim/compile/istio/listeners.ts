import type {VirtualServiceSpec} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import {formatCidr, parseCidrOrIp} from '../../net/cidr.js'
import type {ChainAction, FilterChain, Listener, Origin} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {PASSTHROUGH_FILTER_CHAIN, clusterName, listenerName, sidecarRouteConfigName} from './names.js'
import {protocolFamily, type Protocol} from './protocol.js'
import {proxyOwnListeners, type CatchAll} from './proxy-own-listeners.js'
import {UNSPECIFIED_IP, type MeshPort, type MeshService} from './services.js'
import {virtualServicesFor, type ListenerPort, type Scope} from './sidecar-scope.js'
import {altVirtualHosts} from './vhost-domains.js'
import {staticMatch, weightedClusters, type RouteContext} from './vs-routes.js'

/**
 * Plaintext HTTP chains match only these ALPN values, which Envoy's HTTP inspector sets; HTTP/1.0 is not
 * among them unless PILOT_HTTP10 is set (istio pilot/pkg/networking/core/listener.go plaintextHTTPALPNs).
 */
const PLAINTEXT_HTTP_ALPNS = ['http/1.1', 'h2c']

/**
 * Ports of the proxy's own listeners: a service port there gets no wildcard or HTTP listener (istio
 * pilot/pkg/model/context.go conflictWithReservedListener: ProxyListenPort 15001, ProxyInboundListenPort
 * 15006, EnvoyStatusPort 15021, EnvoyPrometheusPort 15090).
 */
const RESERVED_PORTS = new Set([15001, 15006, 15021, 15090])

/** A filter chain as Istio builds it before it becomes a FilterChainMatch (istio listener.go filterChainOpts). */
interface ChainOpts {
  name: string
  sniHosts: string[]
  cidrs: string[]
  alpn: string[]
  transport?: 'raw_buffer'
  action: ChainAction
  origin: Origin
}

/** One listener being built, keyed by bind address and port (istio listener.go outboundListenerEntry). */
interface Entry {
  bind: string
  port: number
  /** The listener's protocol so far: AUTO once HTTP and TCP share it (protocol.Unsupported). */
  protocol: Protocol
  chains: ChainOpts[]
  /** conflictKey of each chain: a listener can hold thousands (one per SNI host on 443). */
  keys: Set<string>
  origin: Origin
  /** Built for a Sidecar egress listener with a port: the catch-all listener adds nothing to it (listener.go `locked`). */
  heldBy?: ListenerPort
  /** The hosts of the services built on it. */
  hosts: Set<string>
}

/** A service port the catch-all egress listener could not add: a port listener holds its listener. */
export interface HeldPort {
  service: MeshService
  port: MeshPort
  heldBy: ListenerPort
}

type ListenerProtocol = 'HTTP' | 'TCP' | 'AUTO'

/** istio pilot/pkg/networking/listener.go ModelProtocolToListenerProtocol; UDP gets no listener. */
function listenerProtocol(p: Protocol): ListenerProtocol | null {
  switch (protocolFamily(p)) {
    case 'http':
      return 'HTTP'
    case 'tls':
    case 'tcp':
      return 'TCP'
    case 'auto':
      return 'AUTO'
    default:
      return null
  }
}

const isTcpProtocol = (p: Protocol) => ['tcp', 'tls'].includes(protocolFamily(p))
const isHttpProtocol = (p: Protocol) => protocolFamily(p) === 'http'

/**
 * The sidecar's outbound listeners, then its own (virtualOutbound, virtualInbound, the bootstrap ones).
 * istio listener.go buildSidecarOutboundListeners goes through the Sidecar's egress listeners in order: one
 * with a port builds each of its services on that port, with the Sidecar port's protocol; the catch-all
 * builds every port of its services but adds nothing to a listener (bind and port) a port listener built
 * (`locked`). Those it could not add are pushed to `held`.
 */
export function sidecarListeners(scope: Scope, portsOf: (host: string) => number[], catchAll: CatchAll, held: HeldPort[] = []): Listener[] {
  const entries = new Map<string, Entry>()
  for (const listener of scope.egress) {
    const {port: listenerPort, scope: own} = listener
    for (const svc of own.services) {
      const address = own.addressOf(svc)
      for (const servicePort of svc.ports) {
        const port = listenerPort ? {...servicePort, protocol: listenerPort.protocol} : servicePort
        if (RESERVED_PORTS.has(port.number) && (isHttpProtocol(port.protocol) || address === UNSPECIFIED_IP || address.includes('/'))) continue
        const ctx: RouteContext = {port: port.number, gateways: ['mesh'], namespace: own.namespace, labels: own.labels, portsOf}
        const headless = !listenerPort && svc.registry === 'Kubernetes' && svc.resolution === 'NONE' && address === UNSPECIFIED_IP
        if (headless && (isTcpProtocol(port.protocol) || port.protocol === 'AUTO')) {
          // One listener per endpoint address (istio listener.go buildSidecarOutboundListeners, headless Services;
          // PILOT_ENABLE_HEADLESS_FILTER_CHAIN_LISTENER is off in every release). The proxy's own pod is skipped.
          for (const e of svc.endpointAddresses?.(port) ?? []) {
            if (e.address !== own.clientIp) addService(entries, own, ctx, svc, port, {bind: e.address, cidrs: []}, listenerPort, held)
          }
          continue
        }
        addService(entries, own, ctx, svc, port, null, listenerPort, held)
      }
    }
  }
  const outbound = [...entries.values()].sort((a, b) => a.port - b.port || (a.bind < b.bind ? -1 : a.bind > b.bind ? 1 : 0)).map((e) => listenerFromEntry(e, catchAll))
  return [...outbound, ...proxyOwnListeners(catchAll)]
}

/**
 * Adds one service port to the listener it belongs to, merging with what is there as istio listener.go
 * buildSidecarOutboundListener does: HTTP is keyed by 0.0.0.0, TCP and sniffed ports by the service's
 * address (a CIDR becomes 0.0.0.0 plus a prefix match). HTTP and TCP on one listener turn it into a
 * sniffed one; a chain whose match equals one already there is dropped (the older service keeps it).
 */
function addService(
  entries: Map<string, Entry>,
  scope: Scope,
  ctx: RouteContext,
  svc: MeshService,
  port: MeshPort,
  fixed: {bind: string; cidrs: string[]} | null,
  listenerPort: ListenerPort | undefined,
  held: HeldPort[],
): void {
  if (svc.resolution === 'ALIAS') return // aliases get no listeners (istio listener.go)
  const lp = listenerProtocol(port.protocol)
  if (!lp) return
  let bind = UNSPECIFIED_IP
  let cidrs: string[] = []
  if (fixed) ({bind, cidrs} = fixed)
  else if (lp !== 'HTTP') {
    const address = scope.addressOf(svc)
    if (address.includes('/')) cidrs = [address]
    else bind = address
  }
  const key = listenerName(bind, port.number)
  const current = entries.get(key)
  if (current?.heldBy && !listenerPort) {
    if (!current.hosts.has(svc.host)) held.push({service: svc, port, heldBy: current.heldBy})
    return
  }
  current?.hosts.add(svc.host)
  const tcp = () => tcpChainOpts(scope, ctx, svc, port, bind, cidrs)
  const http = () => [httpChainOpts(svc, port, bind, lp)]
  let opts: ChainOpts[]
  let protocol: Protocol = port.protocol
  let conflict: 'none' | 'replace' | 'upgrade' | 'merge' = 'none'
  if (lp === 'HTTP') {
    if (current && !isTcpProtocol(current.protocol)) return // the port's HTTP listener exists already
    if (current) conflict = 'upgrade'
    opts = http()
    // HTTP on the wildcard with an ALPN match beside a fall-through is sniffed (istio listener.go).
    protocol = 'AUTO'
  } else if (lp === 'TCP') {
    opts = tcp()
    if (current) conflict = isHttpProtocol(current.protocol) ? 'upgrade' : 'merge'
  } else if (current && !isHttpProtocol(current.protocol) && !isTcpProtocol(current.protocol)) {
    // Sniffed over sniffed (e.g. the next pod of a headless Service): only the TCP chains are new.
    opts = tcp()
    conflict = 'merge'
  } else {
    opts = [...tcp(), ...http()]
    protocol = 'AUTO'
    if (current) conflict = isHttpProtocol(current.protocol) ? 'replace' : 'upgrade'
  }
  // MongoDB and MySQL never share a port with another protocol (istio listener.go isConflictWithWellKnownPort).
  if (current && conflict !== 'none' && [port.protocol, current.protocol].some((p) => p === 'MONGO' || p === 'MYSQL') && port.protocol !== current.protocol) return
  if (!current || conflict === 'replace') {
    entries.set(key, {
      bind,
      port: port.number,
      protocol,
      chains: opts,
      keys: new Set(opts.map(conflictKey)),
      origin: port.origin,
      hosts: current?.hosts ?? new Set([svc.host]),
      ...(listenerPort ? {heldBy: listenerPort} : {}),
    })
    return
  }
  for (const incoming of opts) {
    const k = conflictKey(incoming)
    if (current.keys.has(k)) continue
    current.keys.add(k)
    current.chains.push(incoming)
  }
  if (conflict === 'upgrade') current.protocol = 'AUTO'
}

/** The HCM chain of an HTTP or sniffed port; a sniffed port on its own address gets its own route config "HOST:PORT". */
function httpChainOpts(svc: MeshService, port: MeshPort, bind: string, lp: ListenerProtocol): ChainOpts {
  const rds = lp === 'AUTO' && bind !== UNSPECIFIED_IP ? `${svc.host}:${port.number}` : sidecarRouteConfigName(port.number)
  return {name: `http:${rds}`, sniHosts: [], cidrs: [], alpn: PLAINTEXT_HTTP_ALPNS, transport: 'raw_buffer', action: {kind: 'http', routeConfig: rds}, origin: port.origin}
}

/** The cluster a service port's default chain forwards to: a one-port service's own port (istio tls.go). */
function defaultCluster(svc: MeshService, port: MeshPort): string {
  return clusterName(svc.ports.length === 1 ? svc.ports[0].number : port.number, '', svc.host)
}

function tcpChainOpts(scope: Scope, ctx: RouteContext, svc: MeshService, port: MeshPort, bind: string, cidrs: string[]): ChainOpts[] {
  const vss = virtualServicesFor(scope, svc.host)
  return protocolFamily(port.protocol) === 'tls' ? tlsChains(scope, ctx, svc, port, bind, cidrs, vss) : tcpChains(ctx, svc, port, cidrs, vss)
}

/**
 * TLS ports (istio pilot/pkg/networking/core/tls.go buildSidecarOutboundTLSFilterChainOpts): a chain per
 * VirtualService `tls` match that holds for this proxy (the first of equal SNI/subnet matches wins); without
 * any, one chain to the service's cluster, matched on SNI only where the address cannot tell services
 * apart: a CIDR, no address, the wildcard, or a DYNAMIC_DNS wildcard host. The SNI names include the
 * service's ExternalName aliases.
 */
function tlsChains(scope: Scope, ctx: RouteContext, svc: MeshService, port: MeshPort, bind: string, cidrs: string[], vss: Resource<VirtualServiceSpec>[]): ChainOpts[] {
  const out: ChainOpts[] = []
  const seen = new Set<string>()
  for (const vs of vss) {
    ;(vs.spec.tls ?? []).forEach((rule, i) => {
      if (!rule.route?.length) return
      ;(rule.match ?? []).forEach((m, j) => {
        if (!staticMatch(m, vs, ctx)) return
        const subnets = m.destinationSubnets?.length ? m.destinationSubnets : cidrs
        const runtime = `${(m.sniHosts ?? []).join(',')}|${(m.destinationSubnets ?? []).join(',')}`
        if (seen.has(runtime)) return
        seen.add(runtime)
        const cluster = weightedClusters(rule.route, vs.metadata.namespace, ctx)[0]?.name ?? clusterName(port.number, '', svc.host)
        out.push({name: cluster, sniHosts: m.sniHosts ?? [], cidrs: subnets, alpn: [], action: {kind: 'tcp_proxy', cluster}, origin: originAt(vs, 'spec', 'tls', i, 'match', j)})
      })
    })
  }
  if (out.length > 0) return out
  const address = scope.addressOf(svc)
  const listenAddress = address.includes('/') ? '' : address
  const bySni =
    cidrs.length > 0 || listenAddress === '' || (listenAddress === UNSPECIFIED_IP && bind === UNSPECIFIED_IP) || (svc.host.startsWith('*') && svc.resolution === 'DYNAMIC_DNS')
  const sniHosts = bySni ? [svc.host, ...scope.aliasesOf(svc.host).flatMap((a) => [a.host, ...altVirtualHosts(a.host, scope.namespace, scope.version)])] : []
  const cluster = defaultCluster(svc, port)
  return [{name: cluster, sniHosts, cidrs, alpn: [], action: {kind: 'tcp_proxy', cluster}, origin: port.origin}]
}

/**
 * TCP ports (istio tls.go buildSidecarOutboundTCPFilterChainOpts): VirtualService `tcp` rules in order;
 * a rule (or match) without destinationSubnets ends the list; otherwise the service's default chain.
 */
function tcpChains(ctx: RouteContext, svc: MeshService, port: MeshPort, cidrs: string[], vss: Resource<VirtualServiceSpec>[]): ChainOpts[] {
  const out: ChainOpts[] = []
  const chain = (cluster: string, subnets: string[], origin: Origin): ChainOpts => ({
    name: cluster,
    sniHosts: [],
    cidrs: subnets,
    alpn: [],
    action: {kind: 'tcp_proxy', cluster},
    origin,
  })
  let terminal = false
  outer: for (const vs of vss) {
    for (const [i, rule] of (vs.spec.tcp ?? []).entries()) {
      if (!rule.route?.length) continue
      const cluster = weightedClusters(rule.route, vs.metadata.namespace, ctx)[0]?.name ?? clusterName(port.number, '', svc.host)
      if (!rule.match?.length) {
        out.push(chain(cluster, cidrs, originAt(vs, 'spec', 'tcp', i)))
        terminal = true
        break outer
      }
      const subnets: string[] = []
      for (const [j, m] of rule.match.entries()) {
        if (!staticMatch(m, vs, ctx)) continue
        if (!m.destinationSubnets?.length) {
          out.push(chain(cluster, cidrs, originAt(vs, 'spec', 'tcp', i, 'match', j)))
          terminal = true
          break outer
        }
        subnets.push(...m.destinationSubnets)
      }
      if (subnets.length > 0) {
        out.push(chain(cluster, subnets, originAt(vs, 'spec', 'tcp', i)))
        if ([...subnets].sort().join() === [...cidrs].sort().join()) terminal = true
      }
    }
  }
  if (!terminal) out.push(chain(defaultCluster(svc, port), cidrs, port.origin))
  return out
}

/** A chain that matches everything (istio listener.go filterChainOpts.isMatchAll). */
function isMatchAll(c: ChainOpts): boolean {
  return (c.sniHosts.length === 0 || c.sniHosts.includes('*')) && c.alpn.length === 0 && c.transport === undefined && c.cidrs.length === 0
}

/** The CIDRs of a chain as Envoy compares them: masked, 0.0.0.0 dropped. */
function maskedCidrs(cidrs: string[]): string[] {
  return [
    ...new Set(
      cidrs.flatMap((c) => {
        const parsed = parseCidrOrIp(c)
        if (!parsed || c.split('/')[0] === UNSPECIFIED_IP) return []
        return [formatCidr(parsed)]
      }),
    ),
  ].sort()
}

/**
 * Two chains with equal keys, i.e. the same transport, ALPN list, SNI set (ignoring "*") and masked CIDR
 * set: Envoy would refuse the pair, so Istio keeps the first (istio listener.go filterChainOpts.conflictsWith).
 */
function conflictKey(c: ChainOpts): string {
  const sni = [...new Set(c.sniHosts.filter((s) => s !== '*'))].sort()
  return JSON.stringify([c.transport ?? '', c.alpn, sni, maskedCidrs(c.cidrs)])
}

function toFilterChain(c: ChainOpts): FilterChain {
  const ranges = maskedCidrs(c.cidrs)
  const names = c.sniHosts.includes('*') ? [] : [...c.sniHosts].sort()
  return {
    name: c.name,
    match: {
      ...(ranges.length ? {prefixRanges: ranges} : {}),
      ...(names.length ? {serverNames: names} : {}),
      ...(c.transport ? {transportProtocol: c.transport} : {}),
      ...(c.alpn.length ? {applicationProtocols: c.alpn} : {}),
    },
    action: c.action,
    origin: c.origin,
  }
}

/**
 * istio listener.go buildListenerFromEntry: a match-all chain becomes the default_filter_chain (or the only
 * chain); otherwise the default is the outbound-policy fall-through PassthroughFilterChain. Inspectors are
 * added for what the chains match on.
 */
function listenerFromEntry(e: Entry, catchAll: CatchAll): Listener {
  let defaultChain: FilterChain | null = null
  const chains: FilterChain[] = []
  for (const c of e.chains) {
    if (isMatchAll(c)) defaultChain = toFilterChain(c)
    else chains.push(toFilterChain(c))
  }
  if (defaultChain && chains.length === 0) {
    chains.push(defaultChain)
    defaultChain = null
  } else if (!defaultChain) {
    defaultChain = {name: PASSTHROUGH_FILTER_CHAIN, match: {}, action: catchAll.tcp, origin: catchAll.origin}
  }
  return {
    name: listenerName(e.bind, e.port),
    address: e.bind,
    port: e.port,
    handOffToOriginalDst: false,
    inspectors: {
      tls: e.chains.some((c) => c.sniHosts.length > 0),
      http: e.chains.some((c) => c.alpn.length > 0),
      disabledOnPorts: [],
      // istio mesh protocolDetectionTimeout default 0s: no listener_filters_timeout.
      timeoutSeconds: 0,
    },
    filterChains: chains,
    defaultChain,
    origin: e.origin,
  }
}
