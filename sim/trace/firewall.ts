import {inRange} from '../net/cidr.js'
import type {FirewallRule, Origin, Workload} from '../rules/types.js'
import {type Recorded, step} from './recorded.js'
import type {Candidate, RuleRef} from './types.js'

/** A connection leaving a pod, as NetworkPolicy sees it. */
export interface Destination {
  ip?: string
  port: number
  /** Set when the destination is a pod the input describes (an egress gateway). */
  workload?: string
}

export interface FirewallDecision {
  allowed: boolean
  /** The rule that allowed it, or null when the pod is not isolated or nothing allowed it. */
  rule: RuleRef | null
  candidates: Candidate[]
}

/**
 * Kubernetes NetworkPolicy egress: a pod selected by any policy with Egress is isolated, and a connection
 * is allowed iff some rule of some selecting policy allows it (rules are a union, order-free). A rule is
 * `to` AND `ports`; an empty list means "any".
 */
export function checkFirewall(from: Workload, dst: Destination): FirewallDecision {
  const fw = from.firewall
  if (fw.isolatedBy.length === 0) return {allowed: true, rule: null, candidates: []}
  const candidates: Candidate[] = fw.rules.map((r, i) => ({rule: ruleRef(from, r, i), mismatches: ruleMismatches(r, dst)}))
  const hit = candidates.find((c) => c.mismatches.length === 0)
  return {allowed: Boolean(hit), rule: hit?.rule ?? null, candidates}
}

/** The firewall stage: the origin that decided when NetworkPolicy drops the connection, else null. */
export function firewallStage(from: Workload, dst: Destination): Recorded & {dropped: Origin | null} {
  const isolatedBy = from.firewall.isolatedBy
  if (isolatedBy.length === 0) return {dropped: null, steps: []}
  const fw = checkFirewall(from, dst)
  const target = dst.workload ?? (dst.ip ? `${dst.ip}:${dst.port}` : `port ${dst.port}`)
  if (fw.allowed) return {dropped: null, steps: [step('firewall', fw.rule, fw.candidates, {code: 'FIREWALL_ALLOWS', target})]}
  const because = {code: 'FIREWALL_DROPS', target, policies: isolatedBy.map(originName)}
  return {dropped: isolatedBy[0], steps: [step('firewall', null, fw.candidates, because)], missed: [fw.candidates]}
}

function originName(o: Origin): string {
  return o.from === 'resource' ? `${o.ref.kind}/${o.ref.namespace}/${o.ref.name}` : o.says
}

function ruleRef(from: Workload, r: FirewallRule, i: number): RuleRef {
  const name = r.origin.from === 'resource' ? `${r.origin.ref.name} egress[${i}]` : `egress[${i}]`
  return {proxy: from.id, kind: 'firewall-rule', name, origin: r.origin}
}

function ruleMismatches(r: FirewallRule, dst: Destination) {
  const out = []
  if (r.to.length > 0 && !r.to.some((peer) => peerMatches(peer, dst)))
    out.push({field: 'to', wanted: r.to.map(describePeer).join(' or '), got: dst.workload ?? dst.ip ?? 'a public address'})
  if (r.ports.length > 0 && !r.ports.some((p) => portMatches(p, dst.port)))
    out.push({field: 'ports', wanted: r.ports.map((p) => `${p.protocol}/${p.port ?? '*'}${p.endPort ? '-' + p.endPort : ''}`).join(','), got: `TCP/${dst.port}`})
  return out
}

/**
 * A named port matches a container port of that name on the destination pod; the table does not know the
 * destination's port names, so it never matches here — denying rather than guessing.
 */
function portMatches(p: FirewallRule['ports'][number], port: number): boolean {
  if (p.protocol !== 'TCP' || p.portName !== undefined) return false
  return p.port === undefined || (port >= p.port && port <= (p.endPort ?? p.port))
}

function peerMatches(peer: FirewallRule['to'][number], dst: Destination): boolean {
  if (peer.kind === 'workloads') return dst.workload !== undefined && peer.ids.includes(dst.workload)
  // ipBlock selects addresses; a pod the input describes is matched only through its IP, when known.
  if (dst.workload !== undefined && dst.ip === undefined) return false
  return inRange(peer.cidr, dst.ip) && !peer.except.some((e) => inRange(e, dst.ip))
}

function describePeer(peer: FirewallRule['to'][number]): string {
  return peer.kind === 'workloads' ? peer.describe : `ipBlock ${peer.cidr}${peer.except.length ? ' except ' + peer.except.join(',') : ''}`
}
