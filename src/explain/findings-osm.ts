import {EGRESS_API_VERSION} from '../../sim/compile/osm/api.js'
import {originAt} from '../../sim/compile/locate.js'
import {ofKind} from '../../sim/compile/select.js'
import {podTemplates} from '../../sim/compile/workload.js'
import type {MeshTable} from '../../sim/rules/types.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {EgressSpec} from '../model/osm.js'
import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'
import {SERVER_FIRST_PORTS} from '../model/server-first-ports.js'
import {findingAt} from './finding.js'
import {perObject} from './per-object.js'

/** Every Egress of the set, in input order, from its index (sim/compile/select.ts); the findings skip other API versions. */
const egresses = (set: ModelSet) => ofKind<EgressSpec>(set, 'Egress')
const isOsmEgress = (e: Resource<EgressSpec>) => e.apiVersion === EGRESS_API_VERSION

/** The ServiceAccounts the input defines or runs pods as ("NAMESPACE/NAME"), and the sources each Egress names that are not among them. */
let sources: {names: string; missing: (egresses: readonly Resource<EgressSpec>[]) => Diagnostic[]} | null = null

/**
 * A source ServiceAccount that nothing in the input defines or runs as. Only said when the input lists
 * ServiceAccounts at all: a file of policies alone says nothing about what exists.
 */
export function missingSources(set: ModelSet): Diagnostic[] {
  const accounts = ofKind(set, 'ServiceAccount')
  if (accounts.length === 0) return []
  const existing = new Set(podTemplates(set).map((p) => `${p.resource.metadata.namespace}/${p.serviceAccount}`))
  for (const a of accounts) existing.add(`${a.metadata.namespace}/${a.metadata.name}`)
  const names = [...existing].join(' ')
  if (sources?.names !== names) sources = {names, missing: perObject((e) => sourcesMissingFrom(e, existing))}
  return sources.missing(egresses(set))
}

function sourcesMissingFrom(e: Resource<EgressSpec>, existing: ReadonlySet<string>): Diagnostic[] {
  if (!isOsmEgress(e)) return []
  return (e.spec.sources ?? []).flatMap((s, i) =>
    s.kind !== 'ServiceAccount' || existing.has(`${s.namespace}/${s.name}`)
      ? []
      : [
          findingAt(
            originAt(e, 'spec', 'sources', i, 'name'),
            'OSM_SOURCE_NOT_FOUND',
            `ServiceAccount ${s.namespace}/${s.name} is not in the input and no pod runs as it: this source allows nobody`,
            `fix the name or namespace of the source, or create the ServiceAccount (kubectl create serviceaccount ${s.name} -n ${s.namespace})`,
          )!,
        ],
  )
}

/** An IP address as an https host: clients send no SNI to an IP literal, so the SNI chain never matches (osm.md §4). */
export function ipHostsOnHttps(set: ModelSet): Diagnostic[] {
  return ipHosts(egresses(set))
}

const ipHosts = perObject((e: Resource<EgressSpec>) => {
  if (!isOsmEgress(e) || !(e.spec.ports ?? []).some((p) => p.protocol.toLowerCase() === 'https')) return []
  return (e.spec.hosts ?? []).flatMap((h, j) =>
    /^\d{1,3}(\.\d{1,3}){3}$/.test(h)
      ? [
          findingAt(
            originAt(e, 'spec', 'hosts', j),
            'OSM_HTTPS_IP_HOST',
            `host ${h} is an IP address: clients send no SNI to an IP, so this https policy never matches`,
            `use a port with protocol tcp and ipAddresses: [${h}/32] instead`,
          )!,
        ]
      : [],
  )
})

/**
 * A tcp policy on a well-known server-first port while the inspectors run there: the connection waits for
 * the listener-filter timeout before it is forwarded (osm.md §2.11, osm PR #3329). Read from the table.
 */
export function undeclaredServerFirst(table: MeshTable): Diagnostic[] {
  const proxy = table.client.proxy ? table.proxies[table.client.proxy] : undefined
  return (proxy?.listeners ?? []).flatMap((l) => {
    if (!l.inspectors.tls && !l.inspectors.http) return []
    return l.filterChains.flatMap((c) => {
      const port = c.match.destinationPort
      const name = port === undefined ? undefined : SERVER_FIRST_PORTS[port]
      if (!name || c.action.kind !== 'tcp_proxy' || l.inspectors.disabledOnPorts.includes(port!)) return []
      if (c.origin.from !== 'resource' || c.origin.ref.kind !== 'Egress') return []
      return [
        findingAt(
          c.origin,
          'OSM_SERVER_FIRST_UNDECLARED',
          `port ${port} is ${name}, whose server speaks first: the sidecar's inspectors wait ${l.inspectors.timeoutSeconds} s for client bytes before forwarding each connection`,
          `declare the port as protocol tcp-server-first`,
        )!,
      ]
    })
  })
}
