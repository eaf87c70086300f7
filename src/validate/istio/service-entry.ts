import {parseCidr, parseIp} from '../../../sim/net/cidr.js'
import {parseProtocol, protocolFamily} from '../../../sim/compile/istio/protocol.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {ServiceEntrySpec} from '../../model/istio.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'
import {checkHost, isDnsName} from './hostname.js'

const isPort = (n: unknown) => Number.isInteger(n) && (n as number) > 0 && (n as number) < 65536

/** istio pkg/config/validation/validation.go ValidateServiceEntry, plus the CRD's CEL rules (istio.md §3.2). */
export function validateServiceEntry(r: Resource<ServiceEntrySpec>): Diagnostic[] {
  const out: Diagnostic[] = []
  const spec = r.spec ?? {}
  const resolution = spec.resolution ?? 'NONE'
  const hosts = spec.hosts ?? []
  const endpoints = spec.endpoints ?? []
  if (!r.spec || (Array.isArray(spec.hosts) && hosts.length === 0)) {
    out.push(diagnosticAt(r, ['spec', 'hosts'], 'ISTIO_SE_NO_HOSTS', 'error', 'service entry must have at least one host'))
  }
  hosts.forEach((host, i) => {
    const check = checkHost(host)
    const path = ['spec', 'hosts', i]
    if (check === 'wildcard-all') out.push(diagnosticAt(r, path, 'ISTIO_SE_WILDCARD_HOST', 'error', 'hostname cannot be wildcard "*"'))
    else if (check === 'invalid') out.push(diagnosticAt(r, path, 'ISTIO_SE_BAD_HOST', 'error', `invalid host ${JSON.stringify(host)}: a wildcard may only be the leading label`))
    else if (check === 'partial-wildcard') {
      out.push(diagnosticAt(r, path, 'ISTIO_SE_PARTIAL_WILDCARD', 'warning', `partial wildcard ${JSON.stringify(host)} also matches hosts such as "x${host.slice(1)}"`, `write *.${host.slice(1)} for subdomains`))
    }
    if (host.startsWith('*') && (resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') && endpoints.length === 0) {
      out.push(diagnosticAt(r, path, 'ISTIO_SE_DNS_WILDCARD', 'error', `hosts must be FQDN if no endpoints are provided for resolution mode ${resolution}`, 'use resolution NONE (or DYNAMIC_DNS) for wildcard hosts'))
    }
  })
  ;(spec.addresses ?? []).forEach((a, i) => {
    const path = ['spec', 'addresses', i]
    if (a.includes('/') ? !parseCidr(a) : !parseIp(a)) out.push(diagnosticAt(r, path, 'ISTIO_SE_BAD_ADDRESS', 'error', `invalid address ${JSON.stringify(a)}: not an IP or CIDR`))
    else if (a.includes('/') && resolution !== 'NONE' && resolution !== 'STATIC') {
      out.push(diagnosticAt(r, path, 'ISTIO_SE_CIDR_WITH_DNS', 'error', 'CIDR addresses are allowed only for NONE/STATIC resolution types'))
    }
  })
  const names = new Map<string, number>()
  const numbers = new Map<number, number>()
  ;(spec.ports ?? []).forEach((p, j) => {
    const path = ['spec', 'ports', j]
    if (p.number !== undefined && !isPort(p.number)) out.push(diagnosticAt(r, [...path, 'number'], 'ISTIO_SE_BAD_PORT', 'error', 'port must be between 1-65535'))
    if (p.targetPort !== undefined && !isPort(p.targetPort)) out.push(diagnosticAt(r, [...path, 'targetPort'], 'ISTIO_SE_BAD_PORT', 'error', 'port must be between 1-65535'))
    if (typeof p.name === 'string' && !(p.name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.name))) {
      out.push(diagnosticAt(r, [...path, 'name'], 'ISTIO_SE_BAD_PORT_NAME', 'error', `invalid port name ${JSON.stringify(p.name)}: must be a DNS-1123 label`))
    }
    if (p.name !== undefined && names.has(p.name)) out.push(diagnosticAt(r, [...path, 'name'], 'ISTIO_SE_DUPLICATE_PORT_NAME', 'error', `port name ${p.name} already used by ports[${names.get(p.name)}]`))
    if (p.number !== undefined && numbers.has(p.number)) out.push(diagnosticAt(r, [...path, 'number'], 'ISTIO_SE_DUPLICATE_PORT_NUMBER', 'error', `port number ${p.number} already used by ports[${numbers.get(p.number)}]`))
    if (p.name !== undefined) names.set(p.name, names.get(p.name) ?? j)
    if (p.number !== undefined) numbers.set(p.number, numbers.get(p.number) ?? j)
    const protocol = parseProtocol(p.protocol)
    if (protocol === null) out.push(diagnosticAt(r, [...path, 'protocol'], 'ISTIO_SE_UNSUPPORTED_PROTOCOL', 'error', `unsupported protocol: ${p.protocol}`))
    else if ((protocol === 'TCP' || protocol === 'AUTO') && (spec.addresses ?? []).length === 0 && resolution !== 'DYNAMIC_DNS') {
      out.push(diagnosticAt(r, path, 'ISTIO_SE_ADDRESSES_REQUIRED', 'warning',
        `addresses are required for ports serving TCP (or unset) protocol: without them this port captures every destination on port ${p.number}`,
        'add addresses, or give the port an HTTP/TLS protocol'))
    }
  })
  if (spec.workloadSelector && spec.endpoints) out.push(diagnosticAt(r, ['spec', 'workloadSelector'], 'ISTIO_SE_SELECTOR_AND_ENDPOINTS', 'error', 'only one of WorkloadSelector or Endpoints can be set'))
  if (resolution === 'NONE' && spec.endpoints) out.push(diagnosticAt(r, ['spec', 'endpoints'], 'ISTIO_SE_NONE_WITH_ENDPOINTS', 'error', 'NONE mode cannot set endpoints'))
  if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) out.push(diagnosticAt(r, ['spec', 'endpoints'], 'ISTIO_SE_DNS_ROUND_ROBIN_ENDPOINTS', 'error', 'DNS_ROUND_ROBIN mode cannot have multiple endpoints'))
  endpoints.forEach((e, k) => {
    if ((resolution === 'DNS' || resolution === 'DNS_ROUND_ROBIN') && e.address && !parseIp(e.address) && !isDnsName(e.address)) {
      out.push(diagnosticAt(r, ['spec', 'endpoints', k, 'address'], 'ISTIO_SE_BAD_ENDPOINT', 'error', `endpoint address ${JSON.stringify(e.address)} is neither an IP nor a DNS name`))
    }
    for (const name of Object.keys(e.ports ?? {})) {
      if (!names.has(name)) out.push(diagnosticAt(r, ['spec', 'endpoints', k, 'ports', name], 'ISTIO_SE_ENDPOINT_UNKNOWN_PORT', 'error', `endpoint port ${name} is not a port name of this ServiceEntry`))
    }
  })
  if (resolution !== 'NONE' && hosts.length > 1) {
    const j = (spec.ports ?? []).findIndex((p) => !['http', 'tls'].includes(protocolFamily(parseProtocol(p.protocol) ?? 'AUTO')))
    if (j >= 0) out.push(diagnosticAt(r, ['spec', 'ports', j], 'ISTIO_SE_MULTIPLE_HOSTS_TCP', 'error', 'multiple hosts provided with non-HTTP, non-TLS ports'))
  }
  if (resolution === 'DYNAMIC_DNS') {
    hosts.forEach((h, i) => {
      if (!h.startsWith('*.')) out.push(diagnosticAt(r, ['spec', 'hosts', i], 'ISTIO_SE_DYNAMIC_DNS', 'error', 'DYNAMIC_DNS resolution requires wildcard hosts'))
    })
    if ((spec.addresses ?? []).length > 0) out.push(diagnosticAt(r, ['spec', 'addresses'], 'ISTIO_SE_DYNAMIC_DNS', 'error', 'DYNAMIC_DNS resolution cannot have addresses'))
  }
  return out
}
