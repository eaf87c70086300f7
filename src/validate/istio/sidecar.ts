import {parseProtocol, protocolFamily} from '../../../sim/compile/istio/protocol.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {Resource} from '../../model/resource.js'
import type {Path} from '../schema.js'
import {validateConnectionPool} from './traffic-policy.js'
import {validateDestination} from './destination.js'
import {portNameProblem, portProblem, protocolProblem, selectorLabelErrors} from './fields.js'
import {fqdnProblem, ipAddressProblem, namespacedHostProblems} from './hostname.js'
import {maybe, reportInto, type Report} from './report.js'
import {unixAddressProblem} from './service-entry.js'
import {validateServerTls} from './server-tls.js'
import {istioAtLeast, type IstioVersion} from '../../../sim/compile/istio/version.js'

/** The Sidecar fields istiod validates, as JSON (istio/api networking/v1alpha3/sidecar.proto). */
interface SidecarPort {
  number?: number
  protocol?: string
  name?: string
  targetPort?: number
}
interface SidecarWire {
  workloadSelector?: {labels?: Record<string, string>}
  ingress?: Array<{port?: SidecarPort; bind?: string; defaultEndpoint?: string; tls?: Record<string, unknown>; connectionPool?: Record<string, unknown>}>
  egress?: Array<{port?: SidecarPort; bind?: string; captureMode?: string; hosts?: string[]}>
  outboundTrafficPolicy?: {mode?: string; egressProxy?: {host?: string; subset?: string; port?: {number?: number}}}
  inboundConnectionPool?: Record<string, unknown>
}

/** istio pkg/config/validation/validation.go ValidateSidecar (1.30; earlier releases where noted). */
export function validateSidecar(r: Resource, others: Resource[], version: IstioVersion): Diagnostic[] {
  const out: Diagnostic[] = []
  const report = reportInto(r, out)
  const spec = (r.spec ?? {}) as SidecarWire
  const selector = spec.workloadSelector
  // ValidateAlphaWorkloadSelector: a bad selector is the only error istiod reports.
  if (selector && selectorLabelErrors(selector.labels ?? {}, ['spec', 'workloadSelector', 'labels'], report)) return out
  if (selector && Object.keys(selector.labels ?? {}).length === 0) {
    report(
      ['spec', 'workloadSelector'],
      'ISTIO_SELECTOR_WITHOUT_LABELS',
      'sidecar: workload selector specified without labels, will be applied to all services in namespace',
      'warning',
    )
  }
  if (!spec.egress?.length && !spec.ingress?.length && !spec.outboundTrafficPolicy && !spec.inboundConnectionPool) {
    // Returned alone (istiod returns the error without its warnings).
    out.length = 0
    report(['spec'], 'ISTIO_SIDECAR_EMPTY', 'sidecar: empty configuration provided')
    return out
  }
  ingress(spec, report, version)
  validateConnectionPool(spec.inboundConnectionPool, ['spec', 'inboundConnectionPool'], report, version)
  egress(r, spec, report, version)
  outboundTrafficPolicy(spec, report)
  defaultSidecars(r, others, report)
  return out
}

function ingress(spec: SidecarWire, report: Report, version: IstioVersion): void {
  const ports = new Set<number>()
  ;(spec.ingress ?? []).forEach((listener, i) => {
    const at: Path = ['spec', 'ingress', i]
    const port = listener.port
    if (!port) return report(at, 'ISTIO_SIDECAR_BAD_LISTENER', 'sidecar: port is required for ingress listeners')
    if (port.targetPort) report([...at, 'port', 'targetPort'], 'ISTIO_SIDECAR_BAD_LISTENER', 'targetPort has no impact on Sidecars')
    if (port.name) maybe(report, [...at, 'port', 'name'], 'ISTIO_SIDECAR_BAD_PORT', portNameProblem(port.name))
    maybe(report, [...at, 'port', 'protocol'], 'ISTIO_SIDECAR_BAD_PORT', protocolProblem(port.protocol))
    maybe(report, [...at, 'port', 'number'], 'ISTIO_SIDECAR_BAD_PORT', portProblem(port.number ?? 0))
    if (listener.bind) maybe(report, [...at, 'bind'], 'ISTIO_SIDECAR_BAD_LISTENER', ipAddressProblem(listener.bind))
    if (ports.has(port.number ?? 0)) report([...at, 'port', 'number'], 'ISTIO_SIDECAR_DUPLICATE_PORT', 'sidecar: ports on IP bound listeners must be unique')
    ports.add(port.number ?? 0)
    if (listener.defaultEndpoint) defaultEndpoint(listener.defaultEndpoint, [...at, 'defaultEndpoint'], report)
    const tls = listener.tls
    if (tls) {
      const tat = [...at, 'tls']
      const unsupported: Array<[boolean, string]> = [
        [Array.isArray(tls.subjectAltNames) && tls.subjectAltNames.length > 0, 'sidecar: subjectAltNames is not supported in ingress tls'],
        [tls.httpsRedirect === true, 'sidecar: httpsRedirect is not supported'],
        [Boolean(tls.credentialName), 'sidecar: credentialName is not currently supported'],
        [Array.isArray(tls.credentialNames) && tls.credentialNames.length > 0, 'sidecar: credentialNames is not currently supported'],
        [Array.isArray(tls.tlsCertificates) && tls.tlsCertificates.length > 0, 'sidecar: tls_certificates is not currently supported'],
        [tls.mode === 'ISTIO_MUTUAL' || tls.mode === 'AUTO_PASSTHROUGH', `configuration is invalid: cannot set mode to ${String(tls.mode)} in sidecar ingress tls`],
        [protocolFamily(parseProtocol(port.protocol ?? '') ?? 'AUTO') !== 'tls', 'server cannot have TLS settings for non HTTPS/TLS ports'],
      ]
      for (const [bad, message] of unsupported) if (bad) report(tat, 'ISTIO_SIDECAR_BAD_TLS', message)
      validateServerTls(tls, tat, report, version)
    }
    validateConnectionPool(listener.connectionPool, [...at, 'connectionPool'], report, version)
    if (listener.connectionPool?.http && protocolFamily(parseProtocol(port.protocol ?? '') ?? 'AUTO') !== 'http') {
      report(
        [...at, 'connectionPool', 'http'],
        'ISTIO_SIDECAR_HTTP_POOL_IGNORED',
        `sidecar: HTTP connection pool settings are configured for port ${port.number ?? 0} (${JSON.stringify(port.name ?? '')}) but its protocol is not HTTP (${port.protocol ?? ''}); only TCP settings will apply`,
        'warning',
      )
    }
  })
}

/** "127.0.0.1:port", "0.0.0.0:port", "[::1]:port", "[::]:port", ":port" or "unix://path". */
function defaultEndpoint(value: string, at: Path, report: Report): void {
  if (value.startsWith('unix://')) return maybe(report, at, 'ISTIO_SIDECAR_BAD_LISTENER', unixAddressProblem(value.slice('unix://'.length)))
  const split = splitHostPort(value)
  if ('error' in split) report(at, 'ISTIO_SIDECAR_BAD_LISTENER', split.error)
  const host = 'error' in split ? '' : split.host
  const port = 'error' in split ? '' : split.port
  if (host !== '' && !['127.0.0.1', '0.0.0.0', '::1', '::'].includes(host)) {
    report(at, 'ISTIO_SIDECAR_BAD_LISTENER', 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset')
  }
  if (!/^[+-]?\d+$/.test(port))
    report(at, 'ISTIO_SIDECAR_BAD_LISTENER', `sidecar: defaultEndpoint port (${port}) is not a number: strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`)
  else maybe(report, at, 'ISTIO_SIDECAR_BAD_LISTENER', portProblem(Number(port)))
}

/** Go net.SplitHostPort. */
function splitHostPort(hostport: string): {host: string; port: string} | {error: string} {
  const colon = hostport.lastIndexOf(':')
  if (colon < 0) return {error: `address ${hostport}: missing port in address`}
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']')
    if (end < 0) return {error: `address ${hostport}: missing ']' in address`}
    if (end + 1 !== colon) return {error: `address ${hostport}: ${end + 1 === hostport.length ? 'missing port in address' : 'too many colons in address'}`}
    return {host: hostport.slice(1, end), port: hostport.slice(colon + 1)}
  }
  const host = hostport.slice(0, colon)
  if (host.includes(':')) return {error: `address ${hostport}: too many colons in address`}
  return {host, port: hostport.slice(colon + 1)}
}

function egress(r: Resource, spec: SidecarWire, report: Report, version: IstioVersion): void {
  const listeners = spec.egress ?? []
  const ports = new Set<number>()
  const sockets = new Set<string>()
  let catchAll = false
  listeners.forEach((listener, index) => {
    const at: Path = ['spec', 'egress', index]
    const port = listener.port
    if (!port) {
      // Only one listener without a port, and it must be the last.
      if (catchAll) return report(at, 'ISTIO_SIDECAR_BAD_LISTENER', 'sidecar: egress can have only one listener with empty port')
      if (index === listeners.length - 1) catchAll = true
      else report(at, 'ISTIO_SIDECAR_BAD_LISTENER', 'sidecar: the egress listener with empty port should be the last listener in the list')
    } else {
      if (port.targetPort) report([...at, 'port', 'targetPort'], 'ISTIO_SIDECAR_BAD_LISTENER', 'targetPort has no impact on Sidecars')
      egressPort(port, listener.bind ?? '', listener.captureMode ?? 'DEFAULT', at, report)
      if (!port.number) {
        if (sockets.has(listener.bind ?? '')) report([...at, 'bind'], 'ISTIO_SIDECAR_DUPLICATE_PORT', 'sidecar: unix domain socket values for listeners must be unique')
        sockets.add(listener.bind ?? '')
      } else {
        if (ports.has(port.number)) report([...at, 'port', 'number'], 'ISTIO_SIDECAR_DUPLICATE_PORT', 'sidecar: ports on IP bound listeners must be unique')
        ports.add(port.number)
      }
    }
    const hosts = listener.hosts ?? []
    if (hosts.length === 0) return report([...at, 'hosts'], 'ISTIO_SIDECAR_NO_HOSTS', 'sidecar: egress listener must contain at least one host')
    const byNamespace = new Map<string, Set<string>>()
    hosts.forEach((hostname, k) => {
      const hat = [...at, 'hosts', k]
      const slash = hostname.indexOf('/')
      // Since 1.31 an excluded namespace ("~ns/…") is no duplicate of anything.
      if (slash >= 0 && !(istioAtLeast(version, '1.31') && hostname.startsWith('~'))) {
        const ns = hostname.slice(0, slash) === '.' ? r.metadata.namespace : hostname.slice(0, slash)
        const svc = hostname.slice(slash + 1)
        const seen = byNamespace.get(ns) ?? new Set<string>()
        byNamespace.set(ns, seen)
        if (svc !== '*' ? seen.has(svc) || seen.has('*') : seen.size > 0) report(hat, 'ISTIO_SIDECAR_DUPLICATE_HOST', `duplicated egress host: ${hostname}`, 'warning')
        seen.add(svc)
      }
      for (const message of namespacedHostProblems(hostname, false, istioAtLeast(version, '1.31'))) report(hat, 'ISTIO_SIDECAR_BAD_HOST', message)
    })
    if (byNamespace.get('*')?.has('*') && byNamespace.size !== 1) {
      report([...at, 'hosts'], 'ISTIO_SIDECAR_DUPLICATE_HOST', '`*/*` host select all resources, no other hosts can be added', 'warning')
    }
  })
}

/** validateSidecarEgressPortBindAndCaptureMode. */
function egressPort(port: SidecarPort, bind: string, captureMode: string, at: Path, report: Report): void {
  if (port.name) maybe(report, [...at, 'port', 'name'], 'ISTIO_SIDECAR_BAD_PORT', portNameProblem(port.name))
  maybe(report, [...at, 'port', 'protocol'], 'ISTIO_SIDECAR_BAD_PORT', protocolProblem(port.protocol))
  if (!port.number) {
    if (!bind.startsWith('unix://')) report([...at, 'bind'], 'ISTIO_SIDECAR_BAD_LISTENER', 'sidecar: ports with 0 value must have a unix domain socket bind address')
    else maybe(report, [...at, 'bind'], 'ISTIO_SIDECAR_BAD_LISTENER', unixAddressProblem(bind.slice('unix://'.length)))
    if (captureMode !== 'DEFAULT' && captureMode !== 'NONE')
      report([...at, 'captureMode'], 'ISTIO_SIDECAR_BAD_LISTENER', 'sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners')
  } else {
    maybe(report, [...at, 'port', 'number'], 'ISTIO_SIDECAR_BAD_PORT', portProblem(port.number))
    if (bind) maybe(report, [...at, 'bind'], 'ISTIO_SIDECAR_BAD_LISTENER', ipAddressProblem(bind))
  }
}

/** validateSidecarOutboundTrafficPolicy: an egress proxy only under ALLOW_ANY, with a host and a port. */
function outboundTrafficPolicy(spec: SidecarWire, report: Report): void {
  const policy = spec.outboundTrafficPolicy
  const proxy = policy?.egressProxy
  if (!proxy) return
  const at = ['spec', 'outboundTrafficPolicy', 'egressProxy']
  if ((policy.mode ?? 'REGISTRY_ONLY') !== 'ALLOW_ANY')
    return report(at, 'ISTIO_SIDECAR_BAD_EGRESS_PROXY', 'sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode')
  maybe(report, [...at, 'host'], 'ISTIO_SIDECAR_BAD_EGRESS_PROXY', fqdnProblem(proxy.host ?? ''))
  if (!proxy.port) return report(at, 'ISTIO_SIDECAR_BAD_EGRESS_PROXY', 'sidecar: egress_proxy port must be non-nil')
  validateDestination(proxy, at, report)
}

/** Not the webhook: istioctl analyze IST0119 — two selector-less Sidecars in one namespace. */
function defaultSidecars(r: Resource, others: Resource[], report: Report): void {
  const hasSelector = (o: Resource) => Boolean((o.spec as SidecarWire | undefined)?.workloadSelector)
  const first = others.find((o) => o.metadata.namespace === r.metadata.namespace && !hasSelector(o))
  if (!hasSelector(r) && first && first !== r) {
    report(
      ['metadata', 'name'],
      'ISTIO_SIDECAR_MULTIPLE_DEFAULT',
      `namespace ${r.metadata.namespace} already has a Sidecar without workloadSelector (${first.metadata.name}); which one applies is undefined`,
      'warning',
    )
  }
}
