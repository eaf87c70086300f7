import type {DestinationRuleSpec} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {Cluster, Endpoint} from '../../rules/types.js'
import {defaultOrigin, originAt} from '../locate.js'
import {selects} from '../select.js'
import type {DestinationRules} from './destination-rule.js'
import {upstreamTls} from './destination-rule.js'
import {BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTER, clusterName} from './names.js'
import type {KnownPod} from './pods.js'
import type {MeshPort, MeshService} from './services.js'

export interface ClusterOptions {
  /** Gateways cannot use ORIGINAL_DST clusters (istio pilot/pkg/networking/core/cluster.go convertResolution). */
  forGateway: boolean
  connectTimeoutSeconds: number
  pods: KnownPod[]
  destinationRules: DestinationRules
}

/** Istio's two fixed clusters (istio pilot/pkg/networking/core/cluster_builder.go). */
export function catchAllClusters(connectTimeoutSeconds: number): Record<string, Cluster> {
  const says = (what: string) => defaultOrigin(`Istio built-in ${what} (pilot/pkg/networking/core/cluster_builder.go)`)
  return {
    [PASSTHROUGH_CLUSTER]: {name: PASSTHROUGH_CLUSTER, type: 'ORIGINAL_DST', endpoints: [], connectTimeoutSeconds, origin: says(PASSTHROUGH_CLUSTER)},
    [BLACKHOLE_CLUSTER]: {name: BLACKHOLE_CLUSTER, type: 'STATIC', endpoints: [], connectTimeoutSeconds, origin: says(BLACKHOLE_CLUSTER)},
  }
}

/** One cluster per service port, plus one per DestinationRule subset: outbound|PORT|SUBSET|HOST. */
export function serviceClusters(services: MeshService[], opts: ClusterOptions): Record<string, Cluster> {
  const out: Record<string, Cluster> = {}
  for (const svc of services) {
    if (svc.resolution === 'ALIAS') continue // an ExternalName alias has no clusters (istio cluster.go buildOutboundClusters)
    const dr = opts.destinationRules(svc.host, svc.namespace)
    for (const port of svc.ports) {
      if (port.protocol === 'UDP') continue
      const subsets = (dr?.spec.subsets ?? []).map((s, j) => ({name: s.name, labels: s.labels, origin: originAt(dr!, 'spec', 'subsets', j)}))
      for (const subset of [{name: '', labels: undefined, origin: port.origin}, ...subsets]) {
        const name = clusterName(port.number, subset.name, svc.host)
        if (out[name]) continue // the first (oldest) service for a host owns its clusters
        const tls = upstreamTls(dr, port.number, subset.name, svc.host)
        const failing = tls && invalidCredential(dr!, port.number)
        out[name] = {
          name,
          type: clusterType(svc, opts.forGateway),
          endpoints: endpoints(svc, port, subset.labels, opts.pods),
          ...(tls ? {tls} : {}),
          ...(failing ? {notModelled: {says: failing, origin: tls.origin}} : {}),
          connectTimeoutSeconds: opts.connectTimeoutSeconds,
          origin: subset.origin,
        }
      }
    }
  }
  return out
}

/**
 * istiod's credential for a BackendTLSPolicy whose CA reference it cannot use (pilot/pkg/model/credentials
 * InvalidSecretTypeURI): every handshake on the cluster fails, which the simulator does not follow.
 */
export const INVALID_CREDENTIAL = 'invalid://'

function invalidCredential(dr: Resource<DestinationRuleSpec>, port: number): string | null {
  const policy = dr.spec.trafficPolicy
  const tls = policy?.portLevelSettings?.find((s) => s.port?.number === port && s.tls)?.tls ?? policy?.tls
  return tls?.credentialName === INVALID_CREDENTIAL
    ? 'the proxy has no usable CA for this TLS origination (a BackendTLSPolicy CA reference istiod cannot use): every TLS handshake fails, which the simulator does not follow'
    : null
}

/** istio pilot/pkg/networking/core/cluster.go convertResolution; a headless Service passes through like NONE. */
function clusterType(svc: MeshService, forGateway: boolean): Cluster['type'] {
  switch (svc.resolution) {
    case 'NONE':
      return forGateway ? 'EDS' : 'ORIGINAL_DST'
    case 'DNS':
      return 'STRICT_DNS'
    case 'DNS_ROUND_ROBIN':
      return 'LOGICAL_DNS'
    case 'DYNAMIC_DNS':
      // Wildcard hosts resolve each request's Host or SNI (istio cluster.go, DYNAMIC_DNS since 1.28).
      return svc.host.startsWith('*') ? 'DYNAMIC_FORWARD_PROXY' : 'EDS'
    default:
      return 'EDS'
  }
}

function endpoints(svc: MeshService, port: MeshPort, subsetLabels: Record<string, string> | undefined, pods: KnownPod[]): Endpoint[] {
  if (svc.resolution === 'NONE') return []
  if (svc.selector) {
    const selected = pods.filter((p) => p.namespace === svc.namespace && selects({matchLabels: svc.selector}, p.labels) && selects({matchLabels: subsetLabels}, p.labels))
    return selected.map((p) => {
      const targetPort = typeof port.targetPort === 'number' ? port.targetPort : (p.namedPorts[port.targetPort] ?? port.number)
      return {host: svc.host, port: targetPort, ...(p.isGateway ? {proxy: {id: p.id, targetPort}} : {})}
    })
  }
  const targetPort = typeof port.targetPort === 'number' ? port.targetPort : port.number
  const listed = svc.endpoints.filter((e) => selects({matchLabels: subsetLabels}, e.labels)).map((e) => ({host: e.address, port: e.ports[port.name] ?? targetPort}))
  // DNS resolution without endpoints resolves the host itself (istio serviceentry/conversion.go).
  if (listed.length === 0 && svc.endpoints.length === 0 && (svc.resolution === 'DNS' || svc.resolution === 'DNS_ROUND_ROBIN')) {
    return [{host: svc.host, port: targetPort}]
  }
  return listed
}
