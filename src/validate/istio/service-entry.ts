import {parseProtocol, protocolFamily, type Protocol} from '../../../sim/compile/istio/protocol.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {ServiceEntrySpec, WorkloadEntrySpec} from '../../model/istio.js'
import type {Resource} from '../../model/resource.js'
import type {Path} from '../schema.js'
import {checkExportTo, checkLabels, portNameProblem, portProblem, protocolProblem, selectorLabelErrors} from './fields.js'
import {fqdnProblem, ipSubnetProblem, isIpAddress, partialWildcardProblem, q, wildcardDomainProblem} from './hostname.js'
import {reportInto, type Report} from './report.js'
import {istioAtLeast, type IstioVersion} from '../../../sim/compile/istio/version.js'

type Resolution = NonNullable<ServiceEntrySpec['resolution']>

/**
 * istio pkg/config/validation/validation.go ValidateServiceEntry (1.30; earlier releases where noted). The
 * CRD's own rules (CEL, schema) run before it, in validateIstio.
 */
export function validateServiceEntry(r: Resource<ServiceEntrySpec>, version: IstioVersion): Diagnostic[] {
  const out: Diagnostic[] = []
  const report = reportInto(r, out)
  const spec = r.spec ?? {}
  const resolution: Resolution = spec.resolution ?? 'NONE'
  const hosts = spec.hosts ?? []
  const addresses = spec.addresses ?? []
  const endpoints = spec.endpoints ?? []
  const ports = spec.ports ?? []

  if (resolution === 'DYNAMIC_DNS' && !istioAtLeast(version, '1.28')) {
    // The resolution was added to the API (and the CRD's enum) in 1.28.
    report(['spec', 'resolution'], 'ISTIO_UNSUPPORTED_VALUE', 'Unsupported value: "DYNAMIC_DNS": supported values: "NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN"')
    return out
  }
  // ValidateAlphaWorkloadSelector: a bad selector is the only error istiod reports.
  const selector = spec.workloadSelector
  if (selector && selectorLabelErrors(selector.labels ?? {}, ['spec', 'workloadSelector', 'labels'], report)) return out
  if (selector && Object.keys(selector.labels ?? {}).length === 0) {
    report(
      ['spec', 'workloadSelector'],
      'ISTIO_SELECTOR_WITHOUT_LABELS',
      'service entry: workload selector specified without labels, will be applied to all services in namespace',
      'warning',
    )
  }
  if (selector && endpoints.length > 0)
    report(['spec', 'workloadSelector'], 'ISTIO_SE_SELECTOR_AND_ENDPOINTS', 'only one of WorkloadSelector or Endpoints is allowed in Service Entry')
  if (hosts.length === 0) report(['spec', 'hosts'], 'ISTIO_SE_NO_HOSTS', 'service entry must have at least one host')
  hosts.forEach((host, i) => {
    const at = ['spec', 'hosts', i]
    if (host === '*') return report(at, 'ISTIO_SE_WILDCARD_HOST', `invalid host ${host}`)
    const problem = wildcardDomainProblem(host)
    if (problem) report(at, 'ISTIO_SE_BAD_HOST', problem)
    // Since 1.28 DYNAMIC_DNS takes any wildcard; before, every partial wildcard was warned about.
    const partial = resolution === 'DYNAMIC_DNS' ? null : partialWildcardProblem(host)
    if (partial)
      report(at, 'ISTIO_SE_PARTIAL_WILDCARD', partial, 'warning', `it also matches hosts such as "x${host.slice(1)}": write *.${host.replace(/^\*\.?/, '')} for subdomains`)
  })
  addresses.forEach((a, i) => {
    const problem = ipSubnetProblem(a)
    if (problem) report(['spec', 'addresses', i], 'ISTIO_SE_BAD_ADDRESS', problem)
  })
  const cidr = addresses.findIndex((a) => a.includes('/'))
  if (cidr >= 0 && resolution !== 'NONE' && resolution !== 'STATIC') {
    report(['spec', 'addresses', cidr], 'ISTIO_SE_CIDR_WITH_DNS', 'CIDR addresses are allowed only for NONE/STATIC resolution types')
  }
  const names = new Set<string>()
  const numbers = new Set<number>()
  ports.forEach((p, j) => {
    const at: Path = ['spec', 'ports', j]
    const name = p.name ?? ''
    const number = p.number ?? 0
    if (names.has(name)) report([...at, 'name'], 'ISTIO_SE_DUPLICATE_PORT_NAME', `service entry port name ${q(name)} already defined`)
    if (numbers.has(number)) report([...at, 'number'], 'ISTIO_SE_DUPLICATE_PORT_NUMBER', `service entry port ${number} already defined`)
    names.add(name)
    numbers.add(number)
    if (p.targetPort) {
      const problem = portProblem(p.targetPort)
      if (problem) report([...at, 'targetPort'], 'ISTIO_SE_BAD_PORT', problem)
      if (resolution === 'NONE' && !istioAtLeast(version, '1.25'))
        report([...at, 'targetPort'], 'ISTIO_SE_TARGET_PORT_IGNORED', 'targetPort has no effect when resolution mode is NONE', 'warning')
    }
    // The protocol is compared as written: "tcp" is not "TCP" here.
    if (addresses.length === 0 && !autoAllocates(r, resolution, version) && (p.protocol === undefined || p.protocol === '' || p.protocol === 'TCP')) {
      report(at, 'ISTIO_SE_ADDRESSES_REQUIRED', addressesRequired(version), 'warning', 'add addresses, or give the port an HTTP/TLS protocol')
    }
    const problems: Array<[string, string | null]> = [
      ['name', portNameProblem(name)],
      ['protocol', protocolProblem(p.protocol)],
      ['number', portProblem(number)],
    ]
    for (const [field, problem] of problems)
      if (problem) report([...at, field], field === 'protocol' ? 'ISTIO_SE_UNSUPPORTED_PROTOCOL' : field === 'name' ? 'ISTIO_SE_BAD_PORT_NAME' : 'ISTIO_SE_BAD_PORT', problem)
  })
  checkResolution(r, spec, resolution, names, version, report)
  // Plain TCP cannot tell hosts apart, unless the hosts are ignored (resolution NONE).
  if (resolution !== 'NONE' && hosts.length > 1) {
    const j = ports.findIndex((p) => !['http', 'tls'].includes(family(p.protocol)))
    if (j >= 0) report(['spec', 'ports', j], 'ISTIO_SE_MULTIPLE_HOSTS_TCP', 'multiple hosts provided with non-HTTP, non-TLS ports')
  }
  checkExportTo(r.metadata.namespace, spec.exportTo, ['spec', 'exportTo'], report, {serviceEntry: true})
  return out
}

/** protocol.Parse: unset or unknown is "UnsupportedProtocol", which is neither HTTP nor TLS. */
function family(protocol: string | undefined): string {
  const p = protocol ? parseProtocol(protocol) : null
  return p ? protocolFamily(p) : 'unsupported'
}

/**
 * serviceentry.ShouldV2AutoAllocateIPFromConfig (since 1.23; PILOT_ENABLE_IP_AUTOALLOCATE defaults to true
 * from 1.25): istiod allocates an address unless resolution is NONE or the object opts out by label.
 */
function autoAllocates(r: Resource, resolution: Resolution, version: IstioVersion): boolean {
  if (!istioAtLeast(version, '1.25') || resolution === 'NONE') return false
  return r.metadata.labels['networking.istio.io/enable-autoallocate-ip']?.toLowerCase() !== 'false'
}

function addressesRequired(version: IstioVersion): string {
  const base = 'addresses are required for ports serving TCP (or unset) protocol'
  if (istioAtLeast(version, '1.25')) return `${base} when IP Autoallocation is not enabled`
  return istioAtLeast(version, '1.23') ? `${base} when ISTIO_META_DNS_AUTO_ALLOCATE is not set on a proxy` : base
}

/** The resolution-specific part of ValidateServiceEntry. */
function checkResolution(r: Resource<ServiceEntrySpec>, spec: ServiceEntrySpec, resolution: Resolution, portNames: Set<string>, version: IstioVersion, report: Report): void {
  const endpoints = spec.endpoints ?? []
  const hosts = spec.hosts ?? []
  const addresses = spec.addresses ?? []
  switch (resolution) {
    case 'NONE':
      if (endpoints.length > 0) report(['spec', 'endpoints'], 'ISTIO_SE_NONE_WITH_ENDPOINTS', 'no endpoints should be provided for resolution type none')
      if (spec.workloadSelector) report(['spec', 'workloadSelector'], 'ISTIO_SE_SELECTOR_IGNORED', 'workloadSelector should not be set when resolution mode is NONE', 'warning')
      return
    case 'STATIC':
      endpoints.forEach((e, k) => validateWorkloadEntry(e, portNames, ['spec', 'endpoints', k], report))
      return
    case 'DNS':
    case 'DNS_ROUND_ROBIN': {
      if (endpoints.length === 0) {
        for (const [i, host] of hosts.entries()) {
          const problem = fqdnProblem(host)
          if (!problem) continue
          // Before 1.28 every such host was reported, without the reason.
          const hint = 'use resolution NONE (or DYNAMIC_DNS) for wildcard hosts'
          if (!istioAtLeast(version, '1.28'))
            report(['spec', 'hosts', i], 'ISTIO_SE_DNS_WILDCARD', `hosts must be FQDN if no endpoints are provided for resolution mode ${resolution}`, 'error', hint)
          else {
            report(
              ['spec', 'hosts', i],
              'ISTIO_SE_DNS_WILDCARD',
              `hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode ${resolution}, ${problem}`,
              'error',
              hint,
            )
            break
          }
        }
      }
      if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) {
        report(['spec', 'endpoints'], 'ISTIO_SE_DNS_ROUND_ROBIN_ENDPOINTS', `there must only be 0 or 1 endpoint for resolution mode ${resolution}`)
      }
      endpoints.forEach((e, k) => {
        const at: Path = ['spec', 'endpoints', k]
        const address = e.address ?? ''
        if (!isIpAddress(address) && fqdnProblem(address))
          report([...at, 'address'], 'ISTIO_SE_BAD_ENDPOINT', `endpoint address ${q(address)} is not a valid FQDN or an IP address`)
        checkLabels(e.labels, [...at, 'labels'], report)
        endpointPorts(e, portNames, at, report)
      })
      if (spec.workloadSelector && !istioAtLeast(version, '1.26')) {
        report(['spec', 'workloadSelector'], 'ISTIO_SE_SELECTOR_IGNORED', `workloadSelector should not be set when resolution mode is ${resolution}`, 'warning')
      }
      if (addresses.length > 0 && hosts.length > 1) {
        const tcp = (spec.ports ?? []).find((p) => {
          const proto = p.protocol ? parseProtocol(p.protocol) : null
          return proto !== null && (['TCP', 'HTTPS', 'TLS', 'MONGO', 'REDIS', 'MYSQL'] as Protocol[]).includes(proto)
        })
        if (tcp)
          report(
            ['spec', 'hosts'],
            'ISTIO_SE_MULTIPLE_HOSTS_WITH_ADDRESS',
            'service entry can not have more than one host specified simultaneously with address and tcp port',
            'warning',
          )
      }
      return
    }
    case 'DYNAMIC_DNS':
      hosts.forEach((h, i) => {
        if (!h.startsWith('*')) report(['spec', 'hosts', i], 'ISTIO_SE_DYNAMIC_DNS', `host must be wildcarded for resolution mode ${resolution}`)
      })
      if (addresses.length > 0)
        report(
          ['spec', 'addresses'],
          'ISTIO_SE_DYNAMIC_DNS',
          `addresses cannot be set for resolution type ${resolution}. HTTP route domains will only be generatedfrom the hosts field values`,
        )
      if (endpoints.length > 0)
        report(['spec', 'endpoints'], 'ISTIO_SE_DYNAMIC_DNS', `endpoints cannot be set for resolution type ${resolution}. Destination IP address determined from hostsfield values`)
      ;(spec.ports ?? []).forEach((p, j) => {
        const proto = p.protocol ? parseProtocol(p.protocol) : null
        const [allowed, words] = dynamicDnsProtocols(version)
        if (!proto || !allowed.includes(proto)) report(['spec', 'ports', j, 'protocol'], 'ISTIO_SE_DYNAMIC_DNS', `${words} for resolution type ${resolution}`)
      })
      if (spec.location === 'MESH_INTERNAL' && !istioAtLeast(version, '1.30'))
        report(['spec', 'location'], 'ISTIO_SE_DYNAMIC_DNS', `location must be MESH_EXTERNAL for resolution type ${resolution}`)
      if (spec.location === 'MESH_INTERNAL' && istioAtLeast(version, '1.30') && usesWaypoint(r)) {
        report(['spec', 'location'], 'ISTIO_SE_DYNAMIC_DNS', `location MESH_INTERNAL with resolution type ${resolution} is not supported when using waypoints`)
      }
  }
}

function dynamicDnsProtocols(version: IstioVersion): [Protocol[], string] {
  if (istioAtLeast(version, '1.30')) return [['HTTP', 'TLS', 'GRPC', 'HTTP2'], 'only HTTP, TLS, GRPC, and HTTP2 protocols are supported']
  if (istioAtLeast(version, '1.29')) return [['HTTP', 'TLS'], 'only HTTP and TLS protocol is supported']
  return [['HTTP'], 'only HTTP protocol is supported']
}

/** usesWaypoint: the istio.io/use-waypoint label names a waypoint (not "none"). */
function usesWaypoint(r: Resource): boolean {
  const value = r.metadata.labels['istio.io/use-waypoint']
  return value !== undefined && value !== '' && value.toLowerCase() !== 'none'
}

function endpointPorts(e: WorkloadEntrySpec, portNames: Set<string>, at: Path, report: Report): void {
  for (const [name, port] of Object.entries(e.ports ?? {})) {
    const where = [...at, 'ports', name]
    if (!portNames.has(name)) report(where, 'ISTIO_SE_ENDPOINT_UNKNOWN_PORT', `endpoint port ${port} is not defined by the service entry`)
    const nameProblem = portNameProblem(name)
    if (nameProblem) report(where, 'ISTIO_SE_BAD_PORT_NAME', nameProblem)
    const numberProblem = portProblem(port)
    if (numberProblem) report(where, 'ISTIO_SE_BAD_PORT', numberProblem)
  }
}

/** validateWorkloadEntry(endpoint, servicePorts, allowFQDNAddresses=false), for STATIC endpoints. */
function validateWorkloadEntry(e: WorkloadEntrySpec, portNames: Set<string>, at: Path, report: Report): void {
  const address = e.address ?? ''
  if (address === '') {
    if (!e.network) return report([...at, 'address'], 'ISTIO_SE_BAD_ENDPOINT', 'address is required')
    report([...at, 'address'], 'ISTIO_SE_ENDPOINT_NO_ADDRESS', `address is unset with network ${q(e.network)}`, 'warning')
  }
  const unix = address.startsWith('unix://')
  if (unix) {
    const problem = unixAddressProblem(address.slice('unix://'.length))
    if (problem) report([...at, 'address'], 'ISTIO_SE_BAD_ENDPOINT', problem)
    if (Object.keys(e.ports ?? {}).length > 0) report([...at, 'ports'], 'ISTIO_SE_BAD_ENDPOINT', `unix endpoint ${address} must not include ports`)
  } else if (address !== '' && !isIpAddress(address)) {
    report([...at, 'address'], 'ISTIO_SE_BAD_ENDPOINT', `endpoint address ${q(address)} is not a valid IP address`)
  }
  endpointPorts(e, portNames, at, report)
  checkLabels(e.labels, [...at, 'labels'], report)
  if (unix && portNames.size !== 1) report([...at, 'address'], 'ISTIO_SE_BAD_ENDPOINT', 'exactly 1 service port required for unix endpoints')
}

/** ValidateUnixAddress. */
export function unixAddressProblem(addr: string): string | null {
  if (addr.length === 0) return 'unix address must not be empty'
  if (addr.startsWith('@')) return null
  return !addr.startsWith('/') || addr.endsWith('/') ? `${addr} is not an absolute path to a file` : null
}
