import {parseCidr, parseIp} from '../../../sim/net/cidr.js'

/**
 * Istio's host, domain and address checks (istio pkg/config/validation/agent/validation.go and
 * pkg/config/labels/instance.go, 1.22–1.30). Each returns upstream's error text, or null when valid, so every
 * invalid host gets its own reason: `bücher.example` has an invalid label, `""` is empty, `[::1]` is not a
 * label at all. `httpbin.org.` is valid: the last label may be empty (ValidateDNS1123Labels).
 */

const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/
/** "*", or a DNS-1123 label with a leading "*" or "*-" ("*x" is a partial wildcard, which passes here). */
const WILDCARD_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/

/** labels.IsDNS1123Label. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value)
}

/** labels.IsWildcardDNS1123Label. */
function isWildcardDns1123Label(value: string): boolean {
  return value.length <= 63 && WILDCARD_LABEL.test(value)
}

/** Go's %q of a string, for the ASCII names these messages quote. */
export const q = (s: string) => JSON.stringify(s)

/** CheckDNS1123Preconditions: Go measures bytes. */
function dnsPreconditions(name: string): string | null {
  if (Buffer.byteLength(name, 'utf8') > 255) return `domain name ${q(name)} too long (max 255)`
  if (name.length === 0) return 'empty domain name not allowed'
  return null
}

/** ValidateDNS1123Labels. */
function dns1123Labels(domain: string): string | null {
  const parts = domain.split('.')
  const top = parts[parts.length - 1]
  // strconv.Atoi: an optional sign and decimal digits.
  if (/^[+-]?\d+$/.test(top)) return `domain name ${q(domain)} invalid (top level domain ${q(top)} cannot be all-numeric)`
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return null
    if (!isDns1123Label(parts[i])) return `domain name ${q(domain)} invalid (label ${q(parts[i])} invalid)`
  }
  return null
}

/** ValidateFQDN. */
export function fqdnProblem(fqdn: string): string | null {
  return dnsPreconditions(fqdn) ?? dns1123Labels(fqdn)
}

/** ValidateWildcardDomain: a wildcard only in the first label. */
export function wildcardDomainProblem(domain: string): string | null {
  const pre = dnsPreconditions(domain)
  if (pre) return pre
  const dot = domain.indexOf('.')
  const first = dot < 0 ? domain : domain.slice(0, dot)
  if (!isWildcardDns1123Label(first)) return `domain name ${q(domain)} invalid (label ${q(first)} invalid)`
  return dot < 0 ? null : dns1123Labels(domain.slice(dot + 1))
}

const OUTBOUND_FORMAT = 'outbound_.<PORT>_._.<HOSTNAME>'

/**
 * ValidateWildcardDomainForVirtualServiceBoundToGateway (since 1.24): an SNI host may be the name Istio
 * generates for AUTO_PASSTHROUGH ("outbound_.80_._.httpbin.default.svc.cluster.local").
 */
export function gatewayBoundDomainProblem(sni: boolean, domain: string): string | null {
  const pre = dnsPreconditions(domain)
  if (pre) return pre
  if (sni && domain.startsWith('outbound_')) {
    const parts = domain.split('_')
    if (parts.length < 4) return `domain name ${domain} invalid, should follow '${OUTBOUND_FORMAT}' format`
    const trim = (s: string) => s.replace(/^\.+|\.+$/g, '')
    const [direction, port, hostname] = [parts[0], trim(parts[1]), trim(parts[3])]
    if (direction !== 'outbound') return `domain name ${q(domain)} invalid (label ${q(direction)} invalid)`
    if (!/[0-9]/.test(port)) return `domain name ${q(domain)} invalid (label ${q(port)} invalid). should follow ${OUTBOUND_FORMAT} format`
    if (!/[a-zA-Z]/.test(hostname)) return `domain name ${q(domain)} invalid (label ${q(hostname)} invalid). should follow ${OUTBOUND_FORMAT} format`
    return null
  }
  return wildcardDomainProblem(domain)
}

/** ValidatePartialWildCard. */
export function partialWildcardProblem(host: string): string | null {
  return host.includes('*') && host.length !== 1 && !host.startsWith('*.') ? `partial wildcard ${q(host)} not allowed` : null
}

/** netutil.IsValidIPAddress (netip.ParseAddr): IPv4, IPv6, IPv6 with a zone. */
export function isIpAddress(text: string): boolean {
  const zone = text.indexOf('%')
  if (zone < 0) return parseIp(text) !== null
  const ip = parseIp(text.slice(0, zone))
  return ip?.family === 6 && zone < text.length - 1
}

/** ValidateIPAddress. */
export function ipAddressProblem(addr: string): string | null {
  return isIpAddress(addr) ? null : `${addr} is not a valid IP`
}

/** ValidateIPSubnet: "a.b.c.d/n", "2001:1::1/64", or a bare address. */
export function ipSubnetProblem(subnet: string): string | null {
  if (subnet.split('/').length === 2) return parseCidr(subnet) ? null : `${subnet} is not a valid CIDR block`
  return ipAddressProblem(subnet)
}

/** validateSidecarOrGatewayHostnamePart: every problem of the dnsName part of "ns/dnsName". */
function hostnamePartProblems(hostname: string, isGateway: boolean): string[] {
  const out: string[] = []
  if (hostname !== '*' && !hostname.includes('.')) out.push('short names (non FQDN) are not allowed')
  const err = wildcardDomainProblem(hostname)
  // Gateways also accept an IP address as the host.
  if (err && (!isGateway || !isIpAddress(hostname))) out.push(err)
  const partial = partialWildcardProblem(hostname)
  if (partial) out.push(partial)
  return out
}

/**
 * ValidateNamespaceSlashWildcardHostname, for Sidecar egress hosts and Gateway server hosts. `exclusions`
 * (1.31): a Sidecar namespace may be "~"-prefixed to exclude it ("~prod/*").
 */
export function namespacedHostProblems(hostname: string, isGateway: boolean, exclusions = false): string[] {
  const slash = hostname.indexOf('/')
  if (slash < 0) return isGateway ? hostnamePartProblems(hostname, true) : ['host must be of form namespace/dnsName']
  const [ns, host] = [hostname.slice(0, slash), hostname.slice(slash + 1)]
  const out: string[] = []
  if (ns.length === 0 || host.length === 0) out.push('config namespace and dnsName in host entry cannot be empty')
  const special = isGateway ? ['*', '.'] : ['*', '.', '~', ...(exclusions ? [''] : [])]
  const name = exclusions && !isGateway ? ns.replace(/^~/, '') : ns
  if (!special.includes(name) && !isDns1123Label(name)) out.push(`invalid namespace value ${q(ns)} in ${isGateway ? 'gateway' : 'sidecar'}`)
  return [...out, ...hostnamePartProblems(host, isGateway)]
}
