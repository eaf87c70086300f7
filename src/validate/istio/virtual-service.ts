import {parseDuration} from '../../../sim/compile/istio/duration.js'
import {hostMatches, resolveShortName} from '../../../sim/compile/istio/hosts.js'
import {boundGateways} from '../../../sim/compile/istio/sidecar-scope.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {HttpMatchRequest, RouteDestination, StringMatchSpec, VirtualServiceSpec} from '../../model/istio.js'
import type {Resource} from '../../model/resource.js'
import {goRegexpMessage, re2SyntaxError} from '../../../sim/rules/re2.js'
import {diagnosticAt} from '../diagnostic-at.js'
import type {Path} from '../schema.js'
import {checkHost} from './hostname.js'

/** What else the input defines, for the analyzer-style warnings (istioctl analyze IST0101). */
export interface Registry {
  gateways: Set<string>
  /** Hosts of ServiceEntries and Kubernetes Services: exact names, and the wildcard ones apart. */
  hosts: {exact: Set<string>; wildcards: string[]}
  /** Subset names by DestinationRule host. */
  subsets: Array<{host: string; names: string[]}>
}

/** istio pkg/config/validation/virtualservice.go ValidateVirtualService (istio.md §4.1). */
export function validateVirtualService(r: Resource<VirtualServiceSpec>, registry: Registry): Diagnostic[] {
  const out: Diagnostic[] = []
  const spec = r.spec ?? {}
  const ns = r.metadata.namespace
  const hosts = spec.hosts ?? []
  const gateways = boundGateways(spec.gateways, ns)
  if (hosts.length === 0) out.push(diagnosticAt(r, ['spec', 'hosts'], 'ISTIO_VS_NO_HOSTS', 'error', 'virtual service must have at least one host'))
  hosts.forEach((h, i) => {
    const path = ['spec', 'hosts', i]
    if (h === '*' && gateways.includes('mesh')) {
      out.push(diagnosticAt(r, path, 'ISTIO_VS_WILDCARD_MESH', 'error', 'wildcard host * is not allowed for virtual services bound to the mesh gateway'))
    } else if (checkHost(h) === 'invalid') out.push(diagnosticAt(r, path, 'ISTIO_VS_BAD_HOST', 'error', `invalid host ${JSON.stringify(h)}`))
    if (hosts.indexOf(h) < i) out.push(diagnosticAt(r, path, 'ISTIO_VS_DUPLICATE_HOST', 'error', `duplicate host ${h}`))
  })
  if (!spec.http?.length && !spec.tcp?.length && !spec.tls?.length) {
    out.push(diagnosticAt(r, ['spec'], 'ISTIO_VS_NO_ROUTES', 'error', 'http, tcp or tls must be provided in virtual service'))
  }
  ;(spec.gateways ?? []).forEach((g, i) => {
    const name = boundGateways([g], ns)[0]
    if (name !== 'mesh' && !registry.gateways.has(name)) {
      out.push(diagnosticAt(r, ['spec', 'gateways', i], 'ISTIO_VS_GATEWAY_NOT_FOUND', 'warning', `Referenced gateway not found: ${JSON.stringify(g)} (looked up as ${name})`))
    }
  })
  let catchAllAt = -1
  ;(spec.http ?? []).forEach((rule, i) => {
    const path = ['spec', 'http', i]
    if (catchAllAt >= 0) out.push(diagnosticAt(r, path, 'ISTIO_VS_UNREACHABLE_RULE', 'warning', `rule not used: http[${catchAllAt}] before it matches every request`))
    if (!rule.match?.length && catchAllAt < 0) catchAllAt = i
    const actions = [rule.route?.length, rule.redirect, rule.directResponse].filter(Boolean).length
    if (actions === 0) out.push(diagnosticAt(r, path, 'ISTIO_VS_HTTP_NO_ACTION', 'error', 'HTTP route, redirect or direct response is required'))
    if (actions > 1) out.push(diagnosticAt(r, path, 'ISTIO_VS_HTTP_MANY_ACTIONS', 'error', 'only one of route, redirect or direct response may be set'))
    durations(r, [...path, 'timeout'], rule.timeout, out)
    durations(r, [...path, 'retries', 'perTryTimeout'], rule.retries?.perTryTimeout, out)
    durations(r, [...path, 'fault', 'delay', 'fixedDelay'], rule.fault?.delay?.fixedDelay, out)
    destinations(r, path, rule.route, registry, out)
    ;(rule.match ?? []).forEach((m, j) => regexes(r, [...path, 'match', j], m, out))
  })
  ;(spec.tls ?? []).forEach((rule, i) => {
    ;(rule.match ?? []).forEach((m, j) => {
      ;(m.sniHosts ?? []).forEach((sni, k) => {
        if (!hosts.some((h) => hostMatches(h, sni))) {
          out.push(diagnosticAt(r, ['spec', 'tls', i, 'match', j, 'sniHosts', k], 'ISTIO_VS_SNI_NOT_IN_HOSTS', 'error', `SNI host ${sni} is not a compatible subset of any of the virtual service hosts`))
        }
      })
    })
    destinations(r, ['spec', 'tls', i], rule.route, registry, out)
  })
  ;(spec.tcp ?? []).forEach((rule, i) => destinations(r, ['spec', 'tcp', i], rule.route, registry, out))
  return out
}

/**
 * istio pkg/config/validation/virtualservice.go validateHTTPRouteMatchRequest → validation.go
 * validateStringMatchRegexp / validateStringRegexp (1.22–1.30 alike): a regex must be non-empty, at most 1024
 * bytes, and compile with Go's regexp (RE2 syntax), else the webhook rejects the VirtualService with these
 * messages. `withoutHeaders` regex "*" is skipped (it becomes a presence match); `headers` regex "*" is not.
 */
function regexes(r: Resource, path: Path, m: HttpMatchRequest, out: Diagnostic[]): void {
  const check = (at: Path, where: string, sm: StringMatchSpec | undefined) => {
    if (sm?.regex === undefined) return
    const problem = regexProblem(sm.regex)
    if (problem) out.push(diagnosticAt(r, [...at, 'regex'], 'ISTIO_VS_BAD_REGEX', 'error', `"${where}": ${problem}`))
  }
  for (const field of ['uri', 'scheme', 'method', 'authority'] as const) check([...path, field], field, m[field])
  for (const field of ['headers', 'withoutHeaders', 'queryParams'] as const)
    for (const [name, sm] of Object.entries(m[field] ?? {})) if (!(field === 'withoutHeaders' && sm?.regex === '*')) check([...path, field, name], field, sm)
}

function regexProblem(regex: string): string | null {
  if (regex === '') return 'regex string match should not be empty'
  if (new TextEncoder().encode(regex).length > 1024) return 'regex is too large, max length allowed is 1024'
  const error = re2SyntaxError(regex)
  return error ? `${goRegexpMessage(error)}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)` : null
}

function durations(r: Resource, path: Path, value: string | undefined, out: Diagnostic[]): void {
  if (value !== undefined && parseDuration(value) === null) out.push(diagnosticAt(r, path, 'ISTIO_VS_BAD_DURATION', 'error', `invalid duration ${JSON.stringify(value)}`))
}

/** istioctl analyze IST0101: destination host or subset that nothing defines ⇒ 503 NC at request time. */
function destinations(r: Resource, path: Path, route: RouteDestination[] | undefined, registry: Registry, out: Diagnostic[]): void {
  ;(route ?? []).forEach((d, k) => {
    const written = d.destination?.host
    if (!written) return
    const host = resolveShortName(written, r.metadata.namespace)
    const where = [...path, 'route', k, 'destination']
    if (!registry.hosts.exact.has(host) && !registry.hosts.wildcards.some((h) => hostMatches(h, host))) {
      out.push(diagnosticAt(r, [...where, 'host'], 'ISTIO_VS_DESTINATION_NOT_FOUND', 'warning', `Referenced host not found: ${JSON.stringify(host)}`, 'add a ServiceEntry for it'))
    }
    const subset = d.destination?.subset
    if (subset && !registry.subsets.some((s) => hostMatches(s.host, host) && s.names.includes(subset))) {
      out.push(diagnosticAt(r, [...where, 'subset'], 'ISTIO_VS_SUBSET_NOT_FOUND', 'warning', `Referenced host+subset in destinationrule not found: "${host}+${subset}"`))
    }
  })
}
