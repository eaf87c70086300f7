import {podTemplates} from '../../sim/compile/workload.js'
import type {EgressSpec, HTTPRouteGroupSpec} from '../model/osm.js'
import type {ServiceEntrySpec} from '../model/istio.js'
import type {ModelSet} from '../model/set.js'

/**
 * The client identities a change can affect: every ServiceAccount an Egress names as a source and every
 * ServiceAccount some pod or workload runs as, on either side of the change. Sorted "NS/SA".
 */
export function identitiesOf(...sets: ModelSet[]): string[] {
  const ids = new Set<string>()
  for (const set of sets) {
    for (const r of set.resources) {
      if (r.kind !== 'Egress') continue
      for (const s of (r.spec as EgressSpec | undefined)?.sources ?? []) if (s.kind === 'ServiceAccount') ids.add(`${s.namespace}/${s.name}`)
    }
    for (const p of podTemplates(set)) ids.add(`${p.resource.metadata.namespace}/${p.serviceAccount}`)
  }
  return [...ids].sort()
}

/**
 * Representative requests: one per host and port the policies on either side name (with each literal path
 * of the HTTPRouteGroups an HTTP Egress uses), plus a host no policy names, which shows a change of the
 * mesh's default (passthrough on or off). Sorted and without duplicates.
 */
export function probesOf(...sets: ModelSet[]): string[] {
  const out = new Set<string>(['curl -sI https://example.com/'])
  for (const set of sets) {
    for (const r of set.resources) {
      if (r.kind === 'Egress') {
        const spec = r.spec as EgressSpec | undefined
        const paths = routePaths(set, r.metadata.namespace, spec)
        for (const host of targets(spec?.hosts, spec?.ipAddresses))
          for (const p of spec?.ports ?? []) for (const probe of probeFor(host, p.number, p.protocol, paths)) out.add(probe)
      }
      if (r.kind === 'ServiceEntry') {
        const spec = r.spec as ServiceEntrySpec | undefined
        for (const host of targets(spec?.hosts, spec?.addresses))
          for (const p of spec?.ports ?? []) for (const probe of probeFor(host, p.number, p.protocol ?? '', ['/'])) out.add(probe)
      }
    }
  }
  return [...out].sort()
}

function probeFor(host: string, port: number, protocol: string, paths: string[]): string[] {
  const proto = protocol.toLowerCase()
  if (proto === 'http' || proto === 'http2' || proto === 'grpc') return paths.map((p) => `curl http://${host}:${port}${p}`)
  if (proto === 'https' || proto === 'tls') return [`curl -sI https://${host}:${port}/`]
  return [`${host}:${port}`]
}

/** Hostnames, with a wildcard made concrete; a CIDR stands for its first address. */
function targets(hosts: string[] | undefined, addresses: string[] | undefined): string[] {
  const named = (hosts ?? []).filter((h) => h !== '*').map((h) => h.replace(/^\*\./, 'probe.'))
  if (named.length > 0) return named
  return (addresses ?? []).map((a) => a.split('/')[0]).filter((a) => /^[\d.]+$/.test(a))
}

/** "/" and the literal prefix of each pathRegex of the HTTPRouteGroups the Egress matches on. */
function routePaths(set: ModelSet, namespace: string, spec: EgressSpec | undefined): string[] {
  const paths = new Set(['/'])
  for (const m of spec?.matches ?? []) {
    if (m.kind !== 'HTTPRouteGroup') continue
    const group = set.resources.find((r) => r.kind === 'HTTPRouteGroup' && r.metadata.namespace === namespace && r.metadata.name === m.name)
    for (const match of (group?.spec as HTTPRouteGroupSpec | undefined)?.matches ?? []) {
      const literal = /^\^?(\/[\w\-/.]*?)(\.\*|\$)?$/.exec(match.pathRegex ?? '')
      if (literal) paths.add(literal[1])
    }
  }
  return [...paths]
}
