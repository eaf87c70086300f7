import {SERVER_FIRST_PORTS} from '../model/server-first-ports.js'
import {checkCreateFlags, type CreateMesh, type CreateSpec} from '../create/spec.js'
import type {Flow} from '../replay/flow.js'
import {hostOf} from './in-mesh.js'

/** A flow to allow, for the identity (NAMESPACE/SERVICEACCOUNT) that made it. */
export interface Wanted {
  from: string
  flow: Flow
}

/** One `create` request and the flows it is meant to allow. */
export interface Suggestion {
  spec: CreateSpec
  flows: Wanted[]
}

/** The port a flow dialled, or the one its scheme implies when the log does not say (as replay assumes). */
export function portOf(flow: Flow): number {
  if (flow.destination.port !== undefined) return flow.destination.port
  if (flow.kind === 'http') {
    const m = /:(\d+)$/.exec(flow.authority)
    return m && !flow.authority.endsWith(']') ? Number(m[1]) : 80
  }
  return 443
}

/** The path Envoy matches a route's regex against: :path without its query string (route.proto safe_regex). */
export function pathOf(flow: Flow & {kind: 'http'}): string {
  const q = flow.path.search(/[?#]/)
  return q < 0 ? flow.path : flow.path.slice(0, q)
}

/**
 * The fewest `create` requests that allow exactly the wanted flows. OSM: one Egress per identity and port
 * (http by Host, https by SNI, tcp by /32 address ranges); with `paths`, one per host, so a path seen on one
 * host is not allowed on another (an HTTPRouteGroup's matches apply to every host of its Egress, osm.md §2).
 * Istio: a ServiceEntry cannot name a ServiceAccount, so one per namespace and port, exported to that
 * namespace only; TCP ServiceEntries are told apart by address only (istio.md §3), so each carries the /32s.
 */
export function suggestions(wanted: readonly Wanted[], mesh: CreateMesh, paths: boolean): Suggestion[] {
  const groups = new Map<string, {from: string; kind: Flow['kind']; port: number; host?: string; flows: Wanted[]}>()
  for (const w of wanted) {
    const port = portOf(w.flow)
    const owner = mesh === 'istio' ? w.from.split('/')[0] : w.from
    const host = paths && w.flow.kind === 'http' ? hostOf(w.flow.authority) : undefined
    const key = `${owner} ${w.flow.kind} ${port} ${host ?? ''}`
    const group = groups.get(key) ?? {from: w.from, kind: w.flow.kind, port, host, flows: []}
    group.flows.push(w)
    groups.set(key, group)
  }
  const names = new Map<string, number>()
  return [...groups.values()].map((g) => {
    const [namespace, serviceAccount] = g.from.split('/')
    const protocol =
      g.kind === 'http' ? 'http' : g.kind === 'tls' ? (mesh === 'istio' ? 'tls' : 'https') : mesh !== 'istio' && SERVER_FIRST_PORTS[g.port] ? 'tcp-server-first' : 'tcp'
    const base = kubeName(`${mesh === 'istio' ? 'egress' : serviceAccount}-${protocol}-${g.port}`)
    const n = (names.get(`${namespace}/${base}`) ?? 0) + 1
    names.set(`${namespace}/${base}`, n)
    const name = n === 1 ? base : `${base}-${n}`
    const flows = g.flows.map((w) => w.flow)
    const distinct = (xs: string[]) => [...new Set(xs)].sort()
    const ips = g.kind === 'tcp' ? distinct(flows.map((f) => `${f.destination.ip}/32`)) : []
    const hosts =
      g.kind === 'http'
        ? distinct(flows.map((f) => hostOf((f as Flow & {kind: 'http'}).authority)))
        : g.kind === 'tls'
          ? distinct(flows.map((f) => (f as Flow & {kind: 'tls'}).sni))
          : // Istio needs a host on every ServiceEntry; a TCP one is matched by its addresses, so the name is only a label.
            mesh === 'istio'
            ? [`${name}.${namespace}.tcp.external`]
            : []
    const checked = checkCreateFlags({
      mesh,
      name,
      from: g.from,
      host: hosts,
      port: [`${g.port}/${protocol}`],
      ip: ips,
      path: g.kind === 'http' && paths ? distinct(flows.map((f) => `^${re2Escape(pathOf(f as Flow & {kind: 'http'}))}$`)) : [],
    })
    if (!checked.spec) throw new Error(`suggest built a request create rejects: ${[...checked.problems, ...checked.missing].join('; ')}`)
    return {spec: checked.spec, flows: g.flows}
  })
}

function kubeName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '')
}

/** A literal as an RE2 pattern. */
export function re2Escape(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')
}
