import {parseIp} from '../../net/cidr.js'
import {UNSPECIFIED_IP} from './services.js'
import {istioAtLeast, type IstioVersion} from './version.js'

/**
 * The other Host values that name `hostname` for a client in `clientNamespace` (istio
 * pilot/pkg/networking/core/httproute.go GenerateAltVirtualHosts, with ignore_port_in_host_matching so
 * no ":port" forms): the absolute name "host." (PILOT_ENABLE_ABSOLUTE_FQDN_VHOST_DOMAIN, on since 1.27),
 * and for names under .svc.cluster.local the short forms a Kubernetes DNS search path resolves.
 */
export function altVirtualHosts(hostname: string, clientNamespace: string, version: IstioVersion): string[] {
  const out: string[] = []
  if (istioAtLeast(version, '1.27') && !parseIp(hostname)) out.push(`${hostname}.`)
  const svc = hostname.indexOf('.svc.')
  if (!hostname.endsWith('.svc.cluster.local') || svc <= 0) return out
  const firstDot = hostname.indexOf('.')
  if (firstDot + 1 > svc) return out
  const name = hostname.slice(0, firstDot)
  const nameNs = hostname.slice(0, svc)
  if (hostname.slice(firstDot + 1, svc) === clientNamespace) return [...out, name, `${nameNs}.svc`, nameNs]
  return [...out, nameNs, `${nameNs}.svc`]
}

export interface DomainSource {
  host: string
  /** The service's addresses as this proxy sees them (VIPs, auto-allocated); 0.0.0.0 is none. */
  addresses: string[]
  /** A Kubernetes headless Service: its pods are reached by name too, "*." forms added. */
  headless: boolean
  /** ExternalName Services that are aliases of this one (their hosts name it as well). */
  aliases: string[]
}

/**
 * The domains of a service's virtual host (istio httproute.go generateVirtualHostDomains): its host and
 * each alias host, with their alternative forms; "*." forms of all of them for a headless Service; then
 * its addresses. Also returns the alternative forms, which dedupeDomains treats specially.
 */
export function virtualHostDomains(s: DomainSource, clientNamespace: string, version: IstioVersion): {domains: string[]; altHosts: string[]} {
  const domains: string[] = []
  const altHosts: string[] = []
  for (const h of [s.host, ...s.aliases]) {
    const alt = altVirtualHosts(h, clientNamespace, version)
    domains.push(h, ...alt)
    altHosts.push(...alt)
  }
  if (s.headless) domains.push(...domains.map((d) => `*.${d}`))
  // util.IPv6Compliant: an IPv6 address is written in brackets, as in a Host header.
  for (const a of s.addresses) if (a && a !== UNSPECIFIED_IP) domains.push(a.includes(':') ? `[${a}]` : a)
  return {domains, altHosts}
}
