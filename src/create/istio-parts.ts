import type {Manifest} from './osm.js'
import type {CreateSpec, PortSpec} from './spec.js'

// What the Istio manifests (sidecar routes, egress gateway, lockdown policy) share.

export const ISTIO_API_VERSION = 'networking.istio.io/v1beta1'

/** The default egress gateway of an Istio install (istio.md §5.3). */
export const EGRESS_GATEWAY = {namespace: 'istio-system', service: 'istio-egressgateway', selector: {istio: 'egressgateway'}}

/** One object per host when there are several: a route destination names exactly one host. */
export function perHostName(spec: CreateSpec, i: number): string {
  return spec.hosts.length > 1 ? `${spec.name}-${i}` : spec.name
}

export const httpPorts = (spec: CreateSpec): PortSpec[] => spec.ports.filter((p) => p.protocol === 'HTTP')

/** With TLS origination the application's plain-HTTP port forwards to the TLS port (egress-tls-origination task). */
export function originationPort(spec: CreateSpec): number {
  return spec.ports.find((p) => p.protocol === 'HTTPS')?.number ?? 443
}

/** One match per path (OR), each carrying the method and header conditions (AND) and `base`. */
export function httpMatches(spec: CreateSpec, base: Manifest): Manifest[] {
  const method = spec.methods.length === 0 ? {} : {method: spec.methods.length === 1 ? {exact: spec.methods[0]} : {regex: spec.methods.join('|')}}
  const headers = spec.headers.length === 0 ? {} : {headers: Object.fromEntries(spec.headers.map(([k, v]) => [k.toLowerCase(), {regex: v}]))}
  const paths = spec.paths.length > 0 ? spec.paths.map((p) => ({uri: {regex: p}})) : [{}]
  return paths.map((uri) => ({...base, ...uri, ...method, ...headers}))
}
