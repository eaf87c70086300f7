import {parseProtocol} from '../../../sim/compile/istio/protocol.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {GatewaySpec} from '../../model/istio.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'

/** istio pkg/config/validation/validation.go ValidateGateway / validateServer. */
export function validateGateway(r: Resource<GatewaySpec>): Diagnostic[] {
  const out: Diagnostic[] = []
  const servers = r.spec?.servers ?? []
  if (servers.length === 0) out.push(diagnosticAt(r, ['spec', 'servers'], 'ISTIO_GW_NO_SERVERS', 'error', 'gateway must have at least one server'))
  servers.forEach((s, i) => {
    const path = ['spec', 'servers', i]
    if (Array.isArray(s.hosts) && s.hosts.length === 0) out.push(diagnosticAt(r, [...path, 'hosts'], 'ISTIO_GW_NO_HOSTS', 'error', 'server config must contain at least one host'))
    const protocol = s.port?.protocol === undefined ? undefined : parseProtocol(s.port.protocol)
    if (protocol === null || protocol === 'AUTO') out.push(diagnosticAt(r, [...path, 'port', 'protocol'], 'ISTIO_GW_UNSUPPORTED_PROTOCOL', 'error', `invalid protocol ${JSON.stringify(s.port?.protocol)}`))
    if ((protocol === 'HTTPS' || protocol === 'TLS') && !s.tls) {
      out.push(diagnosticAt(r, path, 'ISTIO_GW_TLS_REQUIRED', 'error', `server must have TLS settings for ${protocol} protocol`))
    }
  })
  return out
}
