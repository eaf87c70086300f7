import type {ModelSet} from '../model/set.js'
import type {Flow} from '../replay/flow.js'

/**
 * Whether a flow goes to a Kubernetes Service rather than out of the mesh: its host is a name the cluster
 * DNS answers for a Service in the input (NAME, NAME.NS, NAME.NS.svc, NAME.NS.svc.cluster.local — the
 * pod's resolv.conf search path) or any *.cluster.local name, or its address is a Service's ClusterIP.
 * suggest writes egress policy only for the others.
 */
export function inMesh(set: ModelSet, flow: Flow): boolean {
  const names = new Set<string>()
  const ips = new Set<string>()
  for (const r of set.resources) {
    if (r.kind !== 'Service' || r.apiVersion !== 'v1') continue
    const {name, namespace} = r.metadata
    for (const n of [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`]) names.add(n)
    const spec = r.spec as {clusterIP?: unknown; clusterIPs?: unknown} | undefined
    if (typeof spec?.clusterIP === 'string') ips.add(spec.clusterIP)
    if (Array.isArray(spec?.clusterIPs)) for (const ip of spec.clusterIPs) if (typeof ip === 'string') ips.add(ip)
  }
  const host = flow.kind === 'http' ? hostOf(flow.authority) : flow.kind === 'tls' ? flow.sni : undefined
  if (host !== undefined && (names.has(host) || host.endsWith('.cluster.local'))) return true
  return flow.destination.ip !== undefined && ips.has(flow.destination.ip)
}

/** The host of an authority, without its port ("[::1]:80" → "::1"). */
export function hostOf(authority: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$|^([^:]+)(?::\d+)?$/.exec(authority)
  return m ? (m[1] ?? m[2]) : authority
}
