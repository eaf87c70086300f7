import type {AuthorizationPolicy, AuthorizationRule} from '../rules/types.js'

/** What an RBAC filter sees of one request (HTTP fields absent on a TCP chain). */
export interface AuthzRequest {
  /** The peer's identity without "spiffe://": cluster.local/ns/NS/sa/SA. */
  principal: string
  namespace: string
  port: number
  http?: {host: string; method: string; path: string}
}

export type AuthzDecision =
  | {allowed: true; policy?: AuthorizationPolicy}
  | {allowed: false; policy?: AuthorizationPolicy; because: 'DENY_MATCHED' | 'NO_ALLOW_MATCHED'}
  | {unmodelled: string[]; policy: AuthorizationPolicy}

/**
 * Istio's matchers (pilot/pkg/security/authz/matcher): "*" any (present), "*x" suffix, "x*" prefix, else exact;
 * hosts compare case-insensitively (HostMatcher), the rest case-sensitively.
 */
function valueMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern
  const v = ignoreCase ? value.toLowerCase() : value
  if (p === '*') return true
  if (p.startsWith('*')) return v.endsWith(p.slice(1))
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1))
  return v === p
}

type Field = {values?: string[]; not?: string[]; value: string | undefined; ignoreCase?: boolean}

/** A field holds when a value matches (or none is listed) and no notValue does; an HTTP field on TCP is an error. */
function fieldHolds(f: Field): boolean | 'http-only' {
  if (!f.values?.length && !f.not?.length) return true
  if (f.value === undefined) return 'http-only'
  if (f.values?.length && !f.values.some((p) => valueMatches(p, f.value!, f.ignoreCase))) return false
  return !(f.not ?? []).some((p) => valueMatches(p, f.value!, f.ignoreCase))
}

/**
 * Whether one rule matches. On a TCP chain an HTTP-only field makes the rule fail to build: an ALLOW rule is
 * dropped (it allows nothing), a DENY rule is kept without that field, i.e. wider (istio authz/model/model.go checkError).
 */
function ruleMatches(rule: AuthorizationRule, req: AuthzRequest, action: AuthorizationPolicy['action']): boolean {
  const results: Array<boolean | 'http-only'> = []
  if (rule.from.length) {
    results.push(
      rule.from.some((s) =>
        [fieldHolds({values: s.principals, not: s.notPrincipals, value: req.principal}), fieldHolds({values: s.namespaces, not: s.notNamespaces, value: req.namespace})].every(
          (r) => r === true,
        ),
      ),
    )
  }
  if (rule.to.length) {
    const perOperation = rule.to.map((o) => [
      fieldHolds({values: o.hosts, not: o.notHosts, value: req.http?.host, ignoreCase: true}),
      fieldHolds({values: o.methods, not: o.notMethods, value: req.http?.method}),
      fieldHolds({values: o.paths, not: o.notPaths, value: req.http?.path.split('?')[0]}),
      fieldHolds({values: o.ports, not: o.notPorts, value: String(req.port)}),
    ])
    const tcpUnbuildable = perOperation.some((fields) => fields.includes('http-only'))
    if (tcpUnbuildable && action === 'ALLOW') return false
    results.push(perOperation.some((fields) => fields.every((r) => r === true || r === 'http-only')))
  }
  return results.every((r) => r === true)
}

/**
 * The RBAC filters of one chain in Istio's order (pilot/pkg/security/authz/builder/builder.go build): CUSTOM
 * (ext_authz: not modelled), then DENY (any matching policy denies), then ALLOW (if any ALLOW policy exists, one
 * must match). No policy ⇒ allowed.
 */
export function authorize(policies: readonly AuthorizationPolicy[], req: AuthzRequest): AuthzDecision {
  const custom = policies.find((p) => p.action === 'CUSTOM')
  if (custom) return {unmodelled: ['CUSTOM action (external authorizer)'], policy: custom}
  for (const p of policies.filter((x) => x.action === 'DENY')) {
    const hit = p.rules.find((r) => ruleMatches(r, req, 'DENY'))
    if (hit?.unmodelled.length) return {unmodelled: hit.unmodelled, policy: p}
    if (hit) return {allowed: false, policy: p, because: 'DENY_MATCHED'}
  }
  const allows = policies.filter((x) => x.action === 'ALLOW')
  if (allows.length === 0) return {allowed: true}
  for (const p of allows) {
    const hit = p.rules.find((r) => ruleMatches(r, req, 'ALLOW'))
    if (hit?.unmodelled.length) return {unmodelled: hit.unmodelled, policy: p}
    if (hit) return {allowed: true, policy: p}
  }
  return {allowed: false, policy: allows[0], because: 'NO_ALLOW_MATCHED'}
}
