import {hostMatches, resolveShortName} from '../../../sim/compile/istio/hosts.js'
import {boundGateways} from '../../../sim/compile/istio/sidecar-scope.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {RouteDestination, VirtualServiceSpec} from '../../model/istio.js'
import type {Resource} from '../../model/resource.js'
import type {Path} from '../schema.js'
import {checkExportTo, checkLabels, portProblem} from './fields.js'
import {validateGatewayNames} from './gateway-names.js'
import {gatewayBoundDomainProblem, ipSubnetProblem, isIpAddress, q, wildcardDomainProblem} from './hostname.js'
import {isJwtClaimRoute} from './http-headers.js'
import {routeDestinations, validateHttpRoute} from './http-route.js'
import {errorsOnly, maybe, reportInto, type Report} from './report.js'
import {analyzeUnreachableRules} from './unreachable-rules.js'
import {istioAtLeast, type IstioVersion} from '../../../sim/compile/istio/version.js'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** What else the input defines, for the analyzer-style warnings (istioctl analyze IST0101). */
export interface Registry {
  gateways: Set<string>
  /** Hosts of ServiceEntries and Kubernetes Services: exact names, and the wildcard ones apart. */
  hosts: {exact: Set<string>; wildcards: string[]}
  /** Subset names by DestinationRule host. */
  subsets: Array<{host: string; names: string[]}>
}

/** host.Name Matches: either covers the other. */
function hostsOverlap(a: string, b: string): boolean {
  const wa = a.startsWith('*')
  const wb = b.startsWith('*')
  if (wa && wb) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1))
  if (wa) return b.endsWith(a.slice(1))
  if (wb) return a.endsWith(b.slice(1))
  return a === b
}

/** host.Name SubsetOf: every name `a` matches, `b` matches too. */
function hostSubsetOf(a: string, b: string): boolean {
  const wa = a.startsWith('*')
  const wb = b.startsWith('*')
  if (wa) return wb && a.length >= b.length && a.slice(1).endsWith(b.slice(1))
  return wb ? a.endsWith(b.slice(1)) : a === b
}

/**
 * istio pkg/config/validation/validation.go ValidateVirtualService (1.30; earlier releases where noted),
 * then istioctl analyze's reference checks (IST0101) as warnings.
 */
export function validateVirtualService(r: Resource<VirtualServiceSpec>, registry: Registry, version: IstioVersion): Diagnostic[] {
  const out: Diagnostic[] = []
  const report = reportInto(r, out)
  const spec = (r.spec ?? {}) as Obj
  const hosts: string[] = spec.hosts ?? []
  const gateways: string[] = spec.gateways ?? []
  const http: Obj[] = spec.http ?? []
  const tls: Obj[] = spec.tls ?? []
  const tcp: Obj[] = spec.tcp ?? []
  if (hosts.length === 0) {
    // A delegate: only HTTP routes, bound to nothing.
    if (gateways.length > 0) report(['spec', 'gateways'], 'ISTIO_VS_BAD_DELEGATE', 'delegate virtual service must have no gateways specified')
    if (tls.length > 0) report(['spec', 'tls'], 'ISTIO_VS_BAD_DELEGATE', 'delegate virtual service must have no tls route specified')
    if (tcp.length > 0) report(['spec', 'tcp'], 'ISTIO_VS_BAD_DELEGATE', 'delegate virtual service must have no tcp route specified')
  }
  validateGatewayNames(gateways, ['spec', 'gateways'], report)
  // isGateway (since 1.24): bound to gateways unless "mesh" is among them. Before, any other gateway counted.
  const appliesToGateway = gateways.length > 0 && (istioAtLeast(version, '1.24') ? !gateways.includes('mesh') : gateways.some((g) => g !== 'mesh'))
  const appliesToMesh = gateways.length === 0 || (istioAtLeast(version, '1.24') ? !appliesToGateway : gateways.includes('mesh'))
  const gatewayBound = istioAtLeast(version, '1.24') && appliesToGateway
  if (!appliesToGateway) {
    http.forEach((route, i) =>
      ((route.match ?? []) as Obj[]).forEach((m, j) => {
        for (const field of ['headers', 'withoutHeaders']) {
          for (const key of Object.keys(m[field] ?? {})) {
            if (isJwtClaimRoute(key))
              report(
                ['spec', 'http', i, 'match', j, field, key],
                'ISTIO_VS_JWT_ROUTE_WITHOUT_GATEWAY',
                `JWT claim based routing (key: ${key}) is only supported for gateway, found no gateways: [${gateways.join(' ')}]`,
              )
          }
        }
      }),
    )
  }
  const sniBound = tls.some((t) => ((t.match ?? []) as Obj[]).some((m) => (m.sniHosts ?? []).length > 0))
  let allHostsValid = true
  hosts.forEach((h, i) => {
    const problem = gatewayBound ? gatewayBoundDomainProblem(sniBound, h) : wildcardDomainProblem(h)
    if (problem) {
      if (!isIpAddress(h)) {
        report(['spec', 'hosts', i], 'ISTIO_VS_BAD_HOST', problem)
        allHostsValid = false
      }
    } else if (appliesToMesh && h === '*') {
      report(['spec', 'hosts', i], 'ISTIO_VS_WILDCARD_MESH', 'wildcard host * is not allowed for virtual services bound to the mesh gateway')
      allHostsValid = false
    }
  })
  if (allHostsValid) {
    // Duplicates include wildcards that cover each other ("*.foo.com" and "*.com").
    hosts.forEach((a, i) =>
      hosts.slice(i + 1).forEach((b, k) => {
        if (hostsOverlap(a, b)) report(['spec', 'hosts', i + 1 + k], 'ISTIO_VS_DUPLICATE_HOST', `duplicate hosts in virtual service: ${a} & ${b}`)
      }),
    )
  }
  if (http.length === 0 && tcp.length === 0 && tls.length === 0) report(['spec'], 'ISTIO_VS_NO_ROUTES', 'http, tcp or tls must be provided in virtual service')
  http.forEach((route, i) => validateHttpRoute(route, ['spec', 'http', i], report, hosts.length === 0, version))
  tls.forEach((route, i) => validateTlsRoute(route, ['spec', 'tls', i], report, hosts, gatewayBound))
  tcp.forEach((route, i) => validateTcpRoute(route, ['spec', 'tcp', i], errorsOnly(report)))
  checkExportTo(r.metadata.namespace, spec.exportTo, ['spec', 'exportTo'], report)
  for (const kind of ['http', 'tcp', 'tls'] as const) analyzeUnreachableRules(kind, spec[kind], report, version)
  references(r, registry, report)
  return out
}

/** validateTLSRoute and validateTLSMatch. */
function validateTlsRoute(route: Obj, at: Path, report: Report, hosts: string[], gatewayBound: boolean): void {
  const matches: Obj[] = route.match ?? []
  if (matches.length === 0) report(at, 'ISTIO_VS_TLS_NO_MATCH', 'TLS route must have at least one match condition')
  matches.forEach((m, j) => {
    const mat = [...at, 'match', j]
    const sniHosts: string[] = m.sniHosts ?? []
    if (sniHosts.length === 0) report([...mat, 'sniHosts'], 'ISTIO_VS_TLS_NO_MATCH', 'TLS match must have at least one SNI host')
    sniHosts.forEach((sni, k) => validateSniHost(sni, [...mat, 'sniHosts', k], report, hosts, gatewayBound))
    l4Match(m, mat, report)
    validateGatewayNames(m.gateways, [...mat, 'gateways'], report)
  })
  if ((route.route ?? []).length === 0) report(at, 'ISTIO_VS_NO_ROUTE', 'TLS route is required')
  routeDestinations(route.route, [...at, 'route'], errorsOnly(report), false)
}

/** validateSniHost: an IP address only warns; a name must fall within the VirtualService's hosts. */
function validateSniHost(sni: string, at: Path, report: Report, hosts: string[], gatewayBound: boolean): void {
  const problem = gatewayBound ? gatewayBoundDomainProblem(true, sni) : wildcardDomainProblem(sni)
  if (problem) {
    if (isIpAddress(sni)) return report(at, 'ISTIO_VS_SNI_IP', `using an IP address (${q(sni)}) goes against SNI spec and most clients do not support this`, 'warning')
    return report(at, 'ISTIO_VS_BAD_SNI', problem)
  }
  if (!hosts.some((h) => hostSubsetOf(sni, h))) {
    report(at, 'ISTIO_VS_SNI_NOT_IN_HOSTS', `SNI host ${q(sni)} is not a compatible subset of any of the virtual service hosts: [${hosts.join(', ')}]`)
  }
}

/** The L4 part of TLS and TCP matches: subnets, port, source labels. */
function l4Match(m: Obj, at: Path, report: Report): void {
  ;((m.destinationSubnets ?? []) as string[]).forEach((s, i) => maybe(report, [...at, 'destinationSubnets', i], 'ISTIO_VS_BAD_MATCH', ipSubnetProblem(s)))
  if (m.port) maybe(report, [...at, 'port'], 'ISTIO_VS_BAD_PORT', portProblem(Number(m.port)))
  checkLabels(m.sourceLabels, [...at, 'sourceLabels'], report)
}

/** validateTCPRoute and validateTCPMatch (errors only: istiod's appendErrors drops their warnings). */
function validateTcpRoute(route: Obj, at: Path, report: Report): void {
  ;((route.match ?? []) as Obj[]).forEach((m, j) => {
    l4Match(m, [...at, 'match', j], report)
    validateGatewayNames(m.gateways, [...at, 'match', j, 'gateways'], report)
  })
  if ((route.route ?? []).length === 0) report(at, 'ISTIO_VS_NO_ROUTE', 'TCP route is required')
  routeDestinations(route.route, [...at, 'route'], report, false)
}

/** istioctl analyze IST0101: a gateway, destination host or subset that nothing in the input defines. */
function references(r: Resource<VirtualServiceSpec>, registry: Registry, report: Report): void {
  const spec = r.spec ?? {}
  const ns = r.metadata.namespace
  ;(spec.gateways ?? []).forEach((g, i) => {
    const name = boundGateways([g], ns)[0]
    if (name !== 'mesh' && !registry.gateways.has(name))
      report(['spec', 'gateways', i], 'ISTIO_VS_GATEWAY_NOT_FOUND', `Referenced gateway not found: ${q(g)} (looked up as ${name})`, 'warning')
  })
  const destinations = (at: Path, route: RouteDestination[] | undefined) =>
    (route ?? []).forEach((d, k) => {
      const written = d.destination?.host
      if (!written) return
      const host = resolveShortName(written, ns)
      const where = [...at, 'route', k, 'destination']
      if (!registry.hosts.exact.has(host) && !registry.hosts.wildcards.some((h) => hostMatches(h, host))) {
        report([...where, 'host'], 'ISTIO_VS_DESTINATION_NOT_FOUND', `Referenced host not found: ${q(host)}`, 'warning', 'add a ServiceEntry for it')
      }
      const subset = d.destination?.subset
      if (subset && !registry.subsets.some((s) => hostMatches(s.host, host) && s.names.includes(subset))) {
        report([...where, 'subset'], 'ISTIO_VS_SUBSET_NOT_FOUND', `Referenced host+subset in destinationrule not found: "${host}+${subset}"`, 'warning')
      }
    })
  ;(spec.http ?? []).forEach((rule, i) => destinations(['spec', 'http', i], rule.route))
  ;(spec.tls ?? []).forEach((rule, i) => destinations(['spec', 'tls', i], rule.route))
  ;(spec.tcp ?? []).forEach((rule, i) => destinations(['spec', 'tcp', i], rule.route))
}
