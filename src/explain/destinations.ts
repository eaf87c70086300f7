import type {FilterChain, Listener, MeshTable, Origin, Route, RouteConfig} from '../../sim/rules/types.js'
import {addressIn, sampleFor, sampleHost} from './samples.js'
import type {Traffic} from './types.js'

/** The kinds whose rules open egress; rules from Services, mesh defaults and catch-alls are not destinations. */
const POLICY_KINDS = new Set(['Egress', 'HTTPRouteGroup', 'ServiceEntry', 'VirtualService', 'DestinationRule', 'Gateway'])

export interface Destination {
  what: Traffic
  /** Request words as typed in the pod; null when no request satisfying the rule could be built. */
  request: string[] | null
  rule: Origin
}

const fromPolicy = (o: Origin) => o.from === 'resource' && POLICY_KINDS.has(o.ref.kind)

/**
 * Every destination the client's own proxy has a policy rule for: each filter chain that comes from a
 * policy, and for HTTP chains each route of each policy virtual host. Walks the table; decides nothing.
 */
export function destinationsOf(table: MeshTable): Destination[] {
  const proxy = table.client.proxy ? table.proxies[table.client.proxy] : undefined
  if (!proxy) return []
  const out: Destination[] = []
  const seenRouteConfigs = new Set<string>()
  for (const listener of proxy.listeners) {
    for (const chain of listener.filterChains) {
      const port = chain.match.destinationPort ?? (listener.handOffToOriginalDst ? undefined : listener.port)
      if (port === undefined) continue
      if (chain.action.kind === 'http') {
        const rc = proxy.routeConfigs[chain.action.routeConfig]
        if (!rc || seenRouteConfigs.has(rc.name)) continue
        seenRouteConfigs.add(rc.name)
        out.push(...httpDestinations(rc, port))
      } else if (fromPolicy(chain.origin)) out.push(tcpDestination(listener, chain, port))
    }
  }
  return out
}

function httpDestinations(rc: RouteConfig, port: number): Destination[] {
  return rc.virtualHosts
    .filter((vh) => fromPolicy(vh.origin))
    .flatMap((vh) => {
      const domain = vh.domains.find((d) => d !== '*' && !d.includes(':') && !/^[\d.]+$/.test(d))
      if (!domain) return []
      const host = sampleHost(domain)
      if (vh.routes.length === 0)
        return [{what: {protocol: 'http' as const, host: domain, port, addresses: [], other: false}, request: httpRequest(host, port, undefined), rule: vh.origin}]
      return vh.routes.map((route) => ({what: httpTraffic(domain, port, route), request: httpRequest(host, port, route), rule: route.origin}))
    })
}

function httpTraffic(host: string, port: number, route: Route): Traffic {
  const m = route.match
  const method = m.headers.find((h) => h.name === ':method')?.match
  const others = m.headers.filter((h) => !h.name.startsWith(':'))
  return {
    protocol: 'http',
    host,
    port,
    addresses: [],
    paths: m.path && !(m.path.kind === 'prefix' && m.path.value === '/') && !(m.path.kind === 'regex' && m.path.value === '.*') ? [`${m.path.kind} ${m.path.value}`] : [],
    methods: method && method.value !== '.*' ? [method.value] : [],
    headers: others.map((h) => `${h.invert ? 'not ' : ''}${h.name} ${h.match.kind} ${h.match.value}`),
    other: false,
  }
}

/** curl words for a request the route accepts; null when the path or a header cannot be sampled. */
export function httpRequest(host: string, port: number, route: Route | undefined): string[] | null {
  const m = route?.match
  const path = sampleFor(m?.path, '/', 'path')
  const method = sampleFor(m?.headers.find((h) => h.name === ':method')?.match, 'GET', 'method')
  if (path === null || !method) return null
  const words = ['curl', '-s', '-X', method]
  for (const h of m?.headers ?? []) {
    if (h.name.startsWith(':') || h.invert) continue
    const value = sampleFor(h.match, 'x', 'header')
    if (value === null) return null
    words.push('-H', `${h.name}: ${value}`)
  }
  words.push(`http://${host}${port === 80 ? '' : `:${port}`}${path.startsWith('/') ? path : `/${path}`}`)
  return words
}

function tcpDestination(listener: Listener, chain: FilterChain, port: number): Destination {
  const names = chain.match.serverNames ?? []
  const addresses = chain.match.prefixRanges ?? (listener.address !== '0.0.0.0' ? [`${listener.address}/32`] : [])
  const ip = addresses[0] ? addressIn(addresses[0]) : undefined
  if (names.length > 0) {
    const host = sampleHost(names[0])
    const resolve = ip ? ['--resolve', `${host}:${port}:${ip}`] : []
    return {
      what: {protocol: 'https', host: names[0], port, addresses, other: false},
      request: ['curl', '-s', ...resolve, `https://${host}${port === 443 ? '' : `:${port}`}/`],
      rule: chain.origin,
    }
  }
  return {what: {protocol: 'tcp', host: null, port, addresses, other: false}, request: ['nc', ip ?? 'tcp.example.net', String(port)], rule: chain.origin}
}
