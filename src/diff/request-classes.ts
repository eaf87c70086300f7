import {requestFrom} from '../../sim/request/index.js'
import type {Request} from '../../sim/request/types.js'
import type {MeshTable, Proxy, RouteConfig, StringMatch, VirtualHost} from '../../sim/rules/types.js'
import {matchVirtualHost} from '../../sim/trace/match-virtual-host.js'
import {chainsAt} from './chains-at.js'
import {ipCells} from './ip-cells.js'
import {distinguishing, pathWitness, witness} from './regex-witness.js'
import {unchangedHosts} from './unchanged-hosts.js'

export type Scheme = 'http' | 'http/1.0' | 'https' | 'tcp'

/** One representative request of a class the two tables may treat differently. */
export interface RequestClass {
  scheme: Scheme
  host: string
  port: number
  /** Destination address; absent ⇒ resolved by DNS to an address outside every configured range. */
  ip?: string
  path?: string
  method?: string
  /** The command to replay it with `kubectl egress trace`. */
  command: string
  request: Request
}

/** A name no rule mentions (RFC 2606 reserves .invalid). */
export const UNKNOWN_HOST = 'unlisted.invalid'

/**
 * The classes of requests the two tables can tell apart, one representative each: ports (every chain and
 * listener port, capture and NetworkPolicy ports, plus one nobody names) × names (every domain and server
 * name, one name under each wildcard, one unknown) × destination-address cells × scheme, and for HTTP the
 * paths and methods the matching virtual hosts' routes name. `notes` says what could not be represented.
 */
export function requestClasses(a: MeshTable, b: MeshTable): {classes: RequestClass[]; notes: string[]} {
  const notes: string[] = []
  const tables = [a, b]
  const ports = portsOf(tables)
  const classes: RequestClass[] = []
  const add = (c: Omit<RequestClass, 'command' | 'request'>) => {
    const command = commandFor(c)
    const parsed = requestFrom(command)
    if (parsed.ok) classes.push({...c, command, request: parsed.value})
    else notes.push(`cannot form a request for ${command}: ${parsed.error.message}`)
  }
  let skipped = 0
  for (const port of ports) {
    const candidates = [...new Set(tables.flatMap((t) => [...namesAt(t, 'sni', port), ...namesAt(t, 'host', port)]))]
    const skip = unchangedHosts(a, b, candidates, port)
    skipped += skip.size
    const names = (by: 'sni' | 'host') => [...[...new Set(tables.flatMap((t) => namesAt(t, by, port)))].filter((h) => !skip.has(h)).sort(), UNKNOWN_HOST]
    const ips = [undefined, ...ipCells(tables.flatMap((t) => rangesAt(t, port)))]
    for (const ip of ips) add({scheme: 'tcp', host: ip ?? UNKNOWN_HOST, port, ip})
    for (const host of names('sni')) for (const ip of ips) add({scheme: 'https', host, port, ip})
    for (const host of names('host')) {
      const {paths, methods} = httpDimensions(tables, host, port, notes)
      for (const ip of ips) for (const path of paths) for (const method of methods) for (const scheme of ['http', 'http/1.0'] as const) add({scheme, host, port, ip, path, method})
    }
  }
  if (skipped > 0) notes.push(`${skipped} name-and-port pair(s) whose rules are identical in both sets were not evaluated`)
  return {classes, notes: [...new Set(notes)]}
}

function commandFor(c: Omit<RequestClass, 'command' | 'request'>): string {
  if (c.scheme === 'tcp') return `nc ${c.host} ${c.port}`
  const words = ['curl']
  if (c.method && c.method !== 'GET') words.push('-X', c.method)
  if (c.scheme === 'http/1.0') words.push('--http1.0')
  if (c.ip) words.push('--resolve', `${c.host}:${c.port}:${c.ip}`)
  words.push(`${c.scheme === 'https' ? 'https' : 'http'}://${c.host}:${c.port}${c.path ?? '/'}`)
  return words.join(' ')
}

function clientSidecar(t: MeshTable): Proxy | undefined {
  return t.client.proxy ? t.proxies[t.client.proxy] : undefined
}

function portsOf(tables: MeshTable[]): number[] {
  const named = new Set<number>()
  for (const t of tables) {
    const capture = t.client.capture
    for (const l of clientSidecar(t)?.listeners ?? []) {
      if (!l.handOffToOriginalDst && l.port !== capture?.redirectPort) named.add(l.port)
      for (const ch of l.filterChains) if (ch.match.destinationPort !== undefined) named.add(ch.match.destinationPort)
    }
    for (const p of [...(capture?.excludePorts ?? []), ...(capture?.includePorts ?? [])]) named.add(p.value)
    for (const w of [t.client, ...Object.values(t.workloads)])
      for (const r of w.firewall.rules) for (const p of r.ports) for (const n of [p.port, p.endPort]) if (n !== undefined) named.add(n)
  }
  let unnamed = 8888
  while (named.has(unnamed)) unnamed++
  return [...named, unnamed].sort((x, y) => x - y)
}

/**
 * The names a request to `port` can be told apart by (all ports when absent): for 'sni' the server names of
 * the client sidecar's chains for that port, for 'host' the domains of the route configs they use; every
 * name a gateway knows counts for both. One name stands for each wildcard; "*" and names unknown at the
 * port belong to the unknown name's class.
 */
function namesAt(t: MeshTable, by: 'sni' | 'host', port?: number): string[] {
  const out: string[] = []
  const add = (d: string) => {
    const name = d.toLowerCase().replace(/:\d+$/, '')
    if (name === '*' || name === '') return
    if (name.startsWith('*')) out.push('w' + name.slice(1))
    else if (name.endsWith('*')) out.push(name.slice(0, -1) + 'w')
    else out.push(name)
  }
  for (const p of Object.values(t.proxies)) {
    const sidecar = p.id === t.client.proxy
    for (const {chain, rc} of chainsAt(p, sidecar ? port : undefined)) {
      if (by === 'sni' || !sidecar) (chain.match.serverNames ?? []).forEach(add)
      if (by === 'host' || !sidecar) for (const vh of rc?.virtualHosts ?? []) vh.domains.forEach(add)
    }
  }
  return out
}

/** Address ranges a connection to `port` can be told apart by: listener addresses and chain prefixes there, capture, NetworkPolicy. */
function rangesAt(t: MeshTable, port: number): string[] {
  const out: string[] = []
  const sidecar = clientSidecar(t)
  for (const {chain, listener} of sidecar ? chainsAt(sidecar, port) : []) {
    if (listener.address !== '0.0.0.0') out.push(listener.address)
    out.push(...(chain.match.prefixRanges ?? []))
  }
  const capture = t.client.capture
  if (capture) out.push(...capture.excludeCidrs.map((c) => c.value), ...(capture.includeCidrs === '*' ? [] : capture.includeCidrs.map((c) => c.value)))
  for (const w of [t.client, ...Object.values(t.workloads)])
    for (const r of w.firewall.rules) for (const peer of r.to) if (peer.kind === 'ipBlock') out.push(peer.cidr, ...peer.except)
  return out
}

/**
 * Paths and methods the routes of the virtual hosts this name reaches (in either table) tell apart: a
 * path each route's path matcher accepts, and for a matcher only one table has, a path it accepts and
 * each matcher only the other table has refuses (e.g. /get.* before, /get after: /geta).
 */
function httpDimensions(tables: MeshTable[], host: string, port: number, notes: string[]): {paths: string[]; methods: string[]} {
  const paths = new Set(['/'])
  const methods = new Set(['GET'])
  const named = new Set<string>()
  // Only the route configs a connection to this port can reach at the client's sidecar (all of a gateway's).
  const routeConfigsAt = (t: MeshTable, p: Proxy) => [...new Set(chainsAt(p, p.id === t.client.proxy ? port : undefined).flatMap((c) => (c.rc ? [c.rc] : [])))]
  const pathMatchers = tables.map(() => new Map<string, {route: string; match: StringMatch}>())
  tables.forEach((t, i) => {
    const vhosts = Object.values(t.proxies).flatMap((p) => routeConfigsAt(t, p).flatMap((rc: RouteConfig) => [host, `${host}:${port}`].map((h) => matchVirtualHost(rc, h))))
    for (const vh of new Set(vhosts.filter((v): v is VirtualHost => v !== null))) {
      for (const r of vh.routes) {
        if (r.match.path) pathMatchers[i].set(JSON.stringify(r.match.path), {route: r.name, match: r.match.path})
        for (const h of r.match.headers) {
          if (h.name !== ':method') continue
          const m = witness(h.match, 'method')
          if (m) named.add(m)
        }
      }
    }
  })
  // AuthorizationPolicies on a chain (ambient waypoints) tell requests apart by method and path too.
  for (const t of tables)
    for (const p of Object.values(t.proxies))
      for (const {chain} of chainsAt(p, p.id === t.client.proxy ? port : undefined))
        for (const op of (chain.authorization ?? []).flatMap((a) => a.rules.flatMap((r) => r.to))) {
          for (const m of [...(op.methods ?? []), ...(op.notMethods ?? [])]) if (/^[A-Z]+$/.test(m)) named.add(m)
          for (const path of [...(op.paths ?? []), ...(op.notPaths ?? [])]) {
            const w = authorizationPathWitness(path)
            if (w !== null) paths.add(w)
          }
        }
  for (const {route, match} of pathMatchers.flatMap((m) => [...m.values()])) {
    const w = pathWitness(match)
    if (w !== null) paths.add(w)
    else notes.push(`no path can be built for route ${route} (${match.kind} ${match.value}): requests it alone matches are not compared`)
  }
  const [before, after] = pathMatchers
  const only = (mine: Map<string, {match: StringMatch}>, theirs: Map<string, unknown>) => [...mine].filter(([k]) => !theirs.has(k)).map(([, v]) => v.match)
  for (const [accept, refuse] of [
    [only(before, after), only(after, before)],
    [only(after, before), only(before, after)],
  ])
    for (const a of accept)
      for (const r of refuse) {
        const w = distinguishing(a, r, 'path')
        if (w.value !== null) paths.add(w.value)
        else if (!w.exhausted) notes.push(`no path found that ${a.kind} ${a.value} matches and ${r.kind} ${r.value} does not: such requests are not compared`)
      }
  for (const m of named) methods.add(m)
  if (named.has('GET')) methods.add(['PATCH', 'OPTIONS', 'TRACE', 'CONNECT'].find((m) => !named.has(m))!)
  return {paths: [...paths].sort(), methods: [...methods].sort()}
}

/**
 * A path an AuthorizationPolicy path value matches (istio pkg/config/security: exact, "prefix*", "*suffix",
 * "*" for any path, which needs no witness of its own).
 */
function authorizationPathWitness(value: string): string | null {
  if (value === '*' || value === '') return null
  if (value.endsWith('*')) return value.slice(0, -1) || '/'
  if (value.startsWith('*')) return `/w${value.slice(1)}`
  return value
}
