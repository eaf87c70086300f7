import type {ModelSet} from '../../../src/model/set.js'
import {pipyRegexAssumptions} from '../../rules/pipy-regex.js'
import type {Assumption, Cluster, Origin, Proxy, Tagged} from '../../rules/types.js'
import {defaultOrigin, originAt} from '../locate.js'
import {ofKind} from '../select.js'
import {EGRESS_API_VERSION} from './api.js'
import {byName, passthroughCluster} from './clusters.js'
import type {EnvoySidecarInput} from './envoy-sidecar.js'
import {passthroughChain} from './filter-chains.js'
import {outboundListener} from './listener.js'
import {sidecarDisabledMtls} from './meshconfig.js'
import {meshUpstreams} from './mesh-upstreams.js'
import {portClusterName} from './names.js'
import {type AppliedEgress, type Identity, egressesFor, list} from './policies.js'
import {PIPY_ORIGINAL_DST_CLUSTER, type PipyDestinations, pipyDestinations} from './pipy-destinations.js'
import {pipyEgressRouteConfigs} from './pipy-routes.js'
import {PIPY_SIDECAR} from './route-configs.js'
import {type EgressTrafficPolicy, egressTrafficPolicy} from './traffic-policy.js'

export type PipySidecarInput = Omit<EnvoySidecarInput, 'version'>

/**
 * osm-edge's Pipy sidecar in the table's shape (osm.md §8). The catalog is OSM v1.2's (feature-flag gate,
 * passthrough alongside policies); repo/util.go and the codebase scripts then differ from Envoy: the
 * protocol is lower-cased, a port's destinations are tried in a fixed order on the address alone (no SNI,
 * no ALPN; pipy-destinations.ts), the Host header is looked up exactly, regexes are searches, an
 * unmatched HTTP request gets 403, and a destination found through its ranges is dialled as a mesh peer.
 * Pipy has no config NACK, so nothing is rejected.
 */
export function pipySidecar(set: ModelSet, input: PipySidecarInput): Proxy {
  return pipyCompilation(set, input).proxy
}

/** The sidecar together with the facts about destinations the validator reports. */
export function pipyCompilation(set: ModelSet, input: PipySidecarInput): {proxy: Proxy; destinations: PipyDestinations} {
  const {id, settings, assumptions} = input
  const passthrough = settings.enableEgress.value
  const {applied, policy} = pipyEgressPolicy(set, input)
  noteSourceCertificates(applied, input.identity, assumptions)
  const mesh = meshUpstreams(set, settings, input.identity, PIPY_SIDECAR, assumptions)
  const destinations = pipyDestinations(mesh, policy)

  const listener = outboundListener(
    destinations.chains,
    // outbound-main.js: no destination and EnableEgress ⇒ outbound-tcp-load-balancing.js connects to the original destination.
    passthrough ? passthroughChain(settings.enableEgress.origin) : null,
    // Pipy reads no SNI or ALPN to pick a destination, so there is nothing to inspect or wait for.
    {tls: false, http: false, disabledOnPorts: [], timeoutSeconds: 0},
    // main.js listens on 15001 when the config has an Outbound section or EnableEgress.
    defaultOrigin('Pipy listens on 15001 when the sidecar has outbound config or EnableEgress'),
  )
  const egress: Cluster[] = [
    ...egressClusters(policy, destinations, sidecarDisabledMtls(set), settings.enableEgress),
    {
      name: PIPY_ORIGINAL_DST_CLUSTER,
      type: 'ORIGINAL_DST' as const,
      endpoints: [],
      origin: defaultOrigin('outbound-tcp-load-balancing.js: a tcp Egress (AllowedEgressTraffic) connects to the address the client dialled'),
    },
    ...(passthrough ? [passthroughCluster(settings.enableEgress.origin)] : []),
  ]
  const gateway = egressGateway(set, applied)
  const clusters = [...mesh.clusters, ...(gateway ? egress.map((c) => (c.tls ? c : {...c, notModelled: gateway})) : egress)]
  const routeConfigs = [...mesh.routeConfigs, ...pipyEgressRouteConfigs(policy.routesPerPort)]
  assumptions.push(...pipyRegexAssumptions(routeConfigs))
  const proxy: Proxy = {
    id,
    kind: 'sidecar',
    flavor: 'pipy',
    listeners: listener ? [listener] : [],
    routeConfigs: Object.fromEntries(routeConfigs.map((rc) => [rc.name, rc])),
    clusters: byName(clusters),
  }
  return {proxy, destinations}
}

/** The catalog's Egress policy for the client (OSM v1.2's: gated by the feature flag). */
export function pipyEgressPolicy(set: ModelSet, input: Pick<PipySidecarInput, 'identity' | 'settings' | 'assumptions'>): {applied: AppliedEgress[]; policy: EgressTrafficPolicy} {
  const applied = input.settings.enableEgressPolicy.value ? egressesFor(set, input.identity, input.assumptions) : []
  return {applied, policy: egressTrafficPolicy(set, applied, {version: '1.2', dialect: PIPY_SIDECAR.dialect})}
}

/**
 * repo/util.go: an http host's cluster "<host>:<port>" has the host as its one endpoint; an https port's
 * cluster "<port>" has every Egress host of that port as endpoints, which outbound-tcp-load-balancing.js
 * takes in turn whatever name the client asked for. connect-upstream.js dials with the sidecar's mesh
 * certificate (`certChain && !__isEgress`) unless outbound-main.js found the destination WITHOUT address
 * ranges: for http and https destinations with ranges that is every connection.
 */
function egressClusters(policy: EgressTrafficPolicy, d: PipyDestinations, mtlsDisabled: Tagged<boolean>, enableEgress: Tagged<boolean>): Cluster[] {
  const meshTls = (ranged: Origin | undefined) => (ranged && !mtlsDisabled.value ? {tls: {mode: 'MESH_MUTUAL' as const, origin: ranged}} : {})
  const http: Cluster[] = policy.clusterConfigs
    .filter((c) => c.host !== undefined)
    .map((c) => ({name: c.name, type: 'STRICT_DNS', endpoints: [{host: c.host!, port: c.port}], ...meshTls(d.rangedHttpPorts.get(c.port)), origin: c.origin}))
  const httpsPorts = new Map<number, {hosts: Set<string>; origin: Origin}>()
  for (const m of policy.trafficMatches) {
    if (m.protocol.toLowerCase() !== 'https') continue
    const entry = httpsPorts.get(m.port) ?? {hosts: new Set<string>(), origin: m.origin}
    // repo/policy.go addWeightedEndpoint: a name already ending in ":<digits>" is kept as it is.
    for (const h of m.serverNames) entry.hosts.add(/:\d+$/.test(h) ? h : `${h}:${m.port}`)
    httpsPorts.set(m.port, entry)
  }
  const https: Cluster[] = [...httpsPorts].map(([port, {hosts, origin}]) => {
    // encoding/json writes the endpoint map with sorted keys; that is the order the balancer holds them in.
    const endpoints = [...hosts].sort().map((hp) => {
      const colon = hp.lastIndexOf(':')
      return {host: hp.slice(0, colon), port: Number(hp.slice(colon + 1))}
    })
    if (endpoints.length === 0 && enableEgress.value) {
      // No target: with EnableEgress the balancer falls back to the original destination, as egress.
      return {name: portClusterName(port), type: 'ORIGINAL_DST', endpoints: [], origin: enableEgress.origin}
    }
    return {name: portClusterName(port), type: 'STRICT_DNS', endpoints, ...(endpoints.length > 0 ? meshTls(d.rangedHttpsPorts.get(port)) : {}), origin}
  })
  return [...http, ...https]
}

/**
 * osm-edge's EgressGateway (catalog/egress_gateway.go GetEgressGatewayPolicy, egress.go
 * getGatewayForEgress): with a global gateway, or a rule naming one of the client's policies,
 * connect-upstream.js tunnels every connection it dials as egress (`__isEgress && _egressEndpoint`) to the
 * gateway over HTTP/2 CONNECT or SOCKS. The gateway is not simulated, so those connections are not
 * followed (the mesh-certificate dial of a destination found by range is, as it comes first).
 */
function egressGateway(set: ModelSet, applied: AppliedEgress[]): {says: string; origin: Origin} | undefined {
  const named = new Set(applied.map(({egress}) => `${egress.metadata.namespace}/${egress.metadata.name}`))
  for (const gw of ofKind<EgressGatewaySpec>(set, 'EgressGateway')) {
    if (gw.apiVersion !== EGRESS_API_VERSION) continue
    const global = list(gw.spec?.global).length > 0
    const rule = list(gw.spec?.rules).findIndex((r) => list(r?.egressPolicies).some((p) => named.has(`${p?.namespace}/${p?.name}`)))
    if (!global && rule < 0) continue
    const origin = global ? originAt(gw, 'spec', 'global') : originAt(gw, 'spec', 'rules', rule)
    return {says: `osm-edge tunnels egress connections through EgressGateway ${gw.metadata.namespace}/${gw.metadata.name}, which is not simulated`, origin}
  }
  return undefined
}

interface EgressGatewaySpec {
  global?: Array<{service: string; namespace: string}>
  rules?: Array<{egressPolicies?: Array<{name: string; namespace: string}>}>
}

/**
 * osm-edge adds sources[].mtls (a client certificate osm-edge presents to the destination); how the
 * destination takes it is outside the simulation, so a trace through such a policy says so.
 */
function noteSourceCertificates(applied: AppliedEgress[], identity: Identity, assumptions: Assumption[]): void {
  for (const {egress} of applied) {
    const i = list(egress.spec?.sources).findIndex((s) => s?.name === identity.serviceAccount && s?.namespace === identity.namespace && (s as {mtls?: unknown}).mtls !== undefined)
    if (i < 0) continue
    const at = originAt(egress, 'spec', 'sources', i, 'mtls')
    const where = at.from === 'resource' ? `${at.source.file}:${at.source.line}` : ''
    assumptions.push({
      code: 'PIPY_SOURCE_MTLS_NOT_MODELLED',
      says: `Egress ${egress.metadata.namespace}/${egress.metadata.name} (${where}) gives sources[${i}].mtls: the client certificate osm-edge would present is not simulated; the destination is taken to accept the connection as if none were sent`,
    })
  }
}
