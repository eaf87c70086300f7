import type {MeshTable} from '../../sim/rules/types.js'
import type {Trace} from '../../sim/trace/types.js'
import type {Origin} from '../model/source.js'
import type {CoverageRule, ScenarioResult} from './types.js'

/**
 * Kinds that describe the cluster rather than egress policy: rules they produce (the sidecar's chain for a
 * mesh Service, the gateway's own Service) are not what a scenario sets out to test.
 */
const NOT_POLICY = new Set([
  'Service',
  'Endpoints',
  'EndpointSlice',
  'Namespace',
  'ServiceAccount',
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
])

/**
 * Route coverage in the manner of Envoy's router_check_tool (test/tools/router_check/coverage.h), widened
 * to the whole egress path: filter chains, virtual hosts, routes, and each route's or chain's hop to a
 * gateway. Only rules that a policy resource produced are counted: mesh defaults are not the user's to test.
 */
export function tableRules(table: MeshTable): CoverageRule[] {
  const out: CoverageRule[] = []
  const add = (proxy: string, kind: CoverageRule['kind'], within: string, name: string, origin: Origin) => {
    if (origin.from === 'resource' && !NOT_POLICY.has(origin.ref.kind)) out.push({key: ruleKey(proxy, kind, within, name, origin), proxy, kind, within, name, origin})
  }
  for (const proxy of Object.values(table.proxies)) {
    const gatewaysOf = (cluster: string) => new Set((proxy.clusters[cluster]?.endpoints ?? []).flatMap((e) => (e.proxy && e.proxy.id !== proxy.id ? [e.proxy.id] : [])))
    const hops = (clusters: string[], origin: Origin) => {
      for (const c of clusters) for (const gw of gatewaysOf(c)) add(proxy.id, 'gateway-hop', `cluster ${c}`, gw, origin)
    }
    for (const l of proxy.listeners) {
      for (const ch of [...l.filterChains, ...(l.defaultChain ? [l.defaultChain] : [])]) {
        add(proxy.id, 'filter-chain', `listener ${l.name}`, ch.name, ch.origin)
        if (ch.action.kind === 'tcp_proxy') hops([ch.action.cluster], ch.origin)
      }
    }
    for (const rc of Object.values(proxy.routeConfigs)) {
      for (const vh of rc.virtualHosts) {
        add(proxy.id, 'virtual-host', rc.name, vh.name, vh.origin)
        vh.routes.forEach((r, i) => {
          add(proxy.id, 'route', `${rc.name} / ${vh.name}`, routeName(i, r.name), r.origin)
          if (r.action.kind === 'cluster')
            hops(
              r.action.clusters.map((c) => c.name),
              r.origin,
            )
        })
      }
    }
  }
  return out
}

/** The keys of the rules a trace chose, in the same terms as tableRules. */
export function exercisedRules(trace: Trace): string[] {
  const out: string[] = []
  trace.hops.forEach((hop, h) => {
    if (!hop.proxy) return
    let listener = ''
    let rc = ''
    let vh = ''
    /** The chain or route that picked the cluster: a hop to a gateway is credited to it. */
    let picker: Origin | null = null
    for (const s of hop.steps) {
      const c = s.chose
      if (!c) continue
      if (s.stage === 'listener') listener = c.name
      else if (s.stage === 'route-config') rc = c.name
      else if (s.stage === 'filter-chain') {
        picker = c.origin
        out.push(ruleKey(hop.proxy, 'filter-chain', `listener ${listener}`, c.name, c.origin))
      } else if (s.stage === 'virtual-host') {
        vh = c.name
        out.push(ruleKey(hop.proxy, 'virtual-host', rc, vh, c.origin))
      } else if (s.stage === 'route') {
        picker = c.origin
        const i = s.candidates.findIndex((cand) => cand.mismatches.length === 0)
        out.push(ruleKey(hop.proxy, 'route', `${rc} / ${vh}`, routeName(i, c.name), c.origin))
      } else if (s.stage === 'cluster' && picker && trace.hops[h + 1]?.proxy) {
        out.push(ruleKey(hop.proxy, 'gateway-hop', `cluster ${c.name}`, trace.hops[h + 1].proxy!, picker))
      }
    }
  })
  return out
}

export interface CoverageSummary {
  total: number
  exercised: number
  /** 100 when there is nothing to cover. */
  percent: number
  /** Unexercised rules grouped by the resource that produced them, in input order. */
  unexercised: Array<{policy: string; at: string; rules: CoverageRule[]}>
}

/** Coverage over every scenario run together: a rule exercised by any of them counts. */
export function summarizeCoverage(results: readonly ScenarioResult[]): CoverageSummary {
  const rules = new Map<string, CoverageRule>()
  const exercised = new Set<string>()
  for (const r of results) {
    for (const rule of r.rules) rules.set(rule.key, rule)
    for (const k of r.exercised) exercised.add(k)
  }
  const missed = [...rules.values()].filter((r) => !exercised.has(r.key))
  const groups = new Map<string, CoverageSummary['unexercised'][number]>()
  for (const rule of missed) {
    if (rule.origin.from !== 'resource') continue
    const {ref, source} = rule.origin
    const policy = `${ref.kind}/${ref.namespace ? ref.namespace + '/' : ''}${ref.name}`
    const key = `${policy}@${source.file}`
    const group = groups.get(key) ?? {policy, at: `${source.file}:${source.line}`, rules: []}
    group.rules.push(rule)
    groups.set(key, group)
  }
  const hit = rules.size - missed.length
  return {total: rules.size, exercised: hit, percent: rules.size === 0 ? 100 : (100 * hit) / rules.size, unexercised: [...groups.values()]}
}

function routeName(index: number, name: string): string {
  return `#${index + 1} ${name}`
}

function ruleKey(proxy: string, kind: CoverageRule['kind'], within: string, name: string, origin: Origin): string {
  const o = origin.from === 'resource' ? `${origin.ref.kind}/${origin.ref.namespace}/${origin.ref.name}@${origin.source.file}:${origin.source.line}` : origin.says
  return [proxy, kind, within, name, o].join('|')
}
