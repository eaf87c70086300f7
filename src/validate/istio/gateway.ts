import {parseProtocol, protocolFamily} from '../../../sim/compile/istio/protocol.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {Resource} from '../../model/resource.js'
import type {Path} from '../schema.js'
import {portProblem} from './fields.js'
import {ipAddressProblem, isDns1123Label, namespacedHostProblems, q} from './hostname.js'
import {maybe, reportInto, type Report} from './report.js'
import {unixAddressProblem} from './service-entry.js'
import {validateServerTls} from './server-tls.js'
import type {IstioVersion} from '../../../sim/compile/istio/version.js'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** protocol.Parse(...).IsHTTP / IsTLS; unknown and unset protocols are neither. */
function family(protocol: unknown): string {
  const p = typeof protocol === 'string' && protocol !== '' ? parseProtocol(protocol) : null
  return p ? protocolFamily(p) : 'unsupported'
}

/** istio pkg/config/validation/validation.go ValidateGateway and validateServer (1.30). */
export function validateGateway(r: Resource, version: IstioVersion): Diagnostic[] {
  const out: Diagnostic[] = []
  const report = reportInto(r, out)
  if (!isDns1123Label(r.metadata.name)) report(['metadata', 'name'], 'ISTIO_GW_BAD_NAME', `invalid gateway name: ${q(r.metadata.name)}`)
  const servers: Obj[] = (r.spec as Obj | undefined)?.servers ?? []
  if (servers.length === 0) report(['spec', 'servers'], 'ISTIO_GW_NO_SERVERS', 'gateway must have at least one server')
  servers.forEach((s, i) => validateServer(s, ['spec', 'servers', i], report, version))
  const names = new Set<string>()
  servers.forEach((s, i) => {
    if (!s.port) return
    const name = String(s.port.name ?? '')
    if (names.has(name)) report(['spec', 'servers', i, 'port', 'name'], 'ISTIO_GW_DUPLICATE_PORT_NAME', `port names in servers must be unique: duplicate name ${name}`)
    names.add(name)
    if (family(s.port.protocol) !== 'http' && s.tls?.httpsRedirect) {
      report(['spec', 'servers', i, 'tls', 'httpsRedirect'], 'ISTIO_GW_HTTPS_REDIRECT', 'tls.httpsRedirect should only be used with http servers', 'warning')
    }
  })
  return out
}

function validateServer(server: Obj, at: Path, report: Report, version: IstioVersion): void {
  const hosts: string[] = server.hosts ?? []
  if (hosts.length === 0) report([...at, 'hosts'], 'ISTIO_GW_NO_HOSTS', 'server config must contain at least one host')
  hosts.forEach((h, k) => {
    for (const message of namespacedHostProblems(h, true)) report([...at, 'hosts', k], 'ISTIO_GW_BAD_HOST', message)
  })
  const bind = String(server.bind ?? '')
  const portOk = validateServerPort(server.port, bind, [...at, 'port'], report)
  if (bind.startsWith('unix://')) {
    maybe(report, [...at, 'bind'], 'ISTIO_GW_BAD_BIND', unixAddressProblem(bind.slice('unix://'.length)))
    if (server.port?.number) report([...at, 'port', 'number'], 'ISTIO_GW_BAD_BIND', `port number must be 0 for unix domain socket: ${goPort(server.port)}`)
  } else if (bind !== '') maybe(report, [...at, 'bind'], 'ISTIO_GW_BAD_BIND', ipAddressProblem(bind))
  validateServerTls(server.tls, [...at, 'tls'], report, version)
  if (!portOk) return
  const kind = family(server.port.protocol)
  if (kind === 'tls' && !server.tls) report(at, 'ISTIO_GW_TLS_REQUIRED', 'server must have TLS settings for HTTPS/TLS protocols')
  else if (kind !== 'tls' && server.tls) {
    if (kind === 'http') {
      const passthrough = ['PASSTHROUGH', 'AUTO_PASSTHROUGH'].includes(server.tls.mode ?? 'PASSTHROUGH')
      // Only an httpsRedirect is allowed on a plain HTTP server.
      if (!passthrough || server.tls.caCertificates || server.tls.privateKey || server.tls.serverCertificate) {
        report([...at, 'tls'], 'ISTIO_GW_TLS_ON_PLAINTEXT', 'server cannot have TLS settings for plain text HTTP ports')
      }
    } else report([...at, 'tls'], 'ISTIO_GW_TLS_ON_PLAINTEXT', 'server cannot have TLS settings for non HTTPS/TLS ports')
  }
}

/** validateServerPort: whether the port had no error. */
function validateServerPort(port: Obj | undefined, bind: string, at: Path, report: Report): boolean {
  if (!port) {
    report(at, 'ISTIO_GW_BAD_PORT', 'port is required')
    return false
  }
  let ok = true
  const bad = (field: string, message: string) => {
    report([...at, field], 'ISTIO_GW_BAD_PORT', message)
    ok = false
  }
  if (family(port.protocol) === 'unsupported')
    bad('protocol', `invalid protocol ${q(String(port.protocol ?? ''))}, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`)
  const number = Number(port.number ?? 0)
  if (number > 0 || !bind.startsWith('unix://')) {
    const problem = portProblem(number)
    if (problem) bad('number', problem)
  }
  if (Number(port.targetPort ?? 0) > 0) bad('targetPort', 'targetPort has no impact on Gateways')
  if (!port.name) bad('name', `port name must be set: ${goPort(port)}`)
  return ok
}

/** Go's %v of a *networking.Port (its proto text form). */
function goPort(port: Obj): string {
  return [port.number ? `number:${port.number}` : '', port.protocol ? `protocol:${q(port.protocol)}` : '', port.name ? `name:${q(port.name)}` : ''].filter(Boolean).join(' ')
}
