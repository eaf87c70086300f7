import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption, MeshTable, Proxy, Rejection} from '../../rules/types.js'
import {clientWorkload} from '../client.js'
import {clusterDns} from '../cluster-dns.js'
import type {PeerPod} from '../firewall.js'
import {findPod, podTemplates, type PodRef} from '../workload.js'
import {outboundCapture} from './capture.js'
import {envoySidecar} from './envoy-sidecar.js'
import {type MeshSettings, readMeshSettings} from './meshconfig.js'
import {sidecarId} from './names.js'
import {pipySidecar} from './pipy-sidecar.js'
import {hasSidecar} from './sidecar.js'

export interface CompileOsmOptions {
  mesh: 'osm' | 'osm-edge'
  /** The client: NAMESPACE and SERVICEACCOUNT, the identity Egress sources name. */
  namespace: string
  serviceAccount: string
  /** The Pod or workload the user named as the client, when one was. */
  pod?: PodRef
  /** OSM control-plane behaviour: tag v1.2.4 (default) or the archived main branch (osm.md §2.10). */
  version?: '1.2' | 'main'
  /** Build the sidecar even when the pod would get none (see CompileOptions.assumeSidecar). */
  assumeSidecar?: boolean
}

/**
 * What osm-controller (or osm-edge's) would program into the client's sidecar for outbound traffic.
 *
 * @example
 * const table = compileOsm(set, {mesh: 'osm', namespace: 'curl', serviceAccount: 'curl'})
 * table.proxies['curl/curl'].listeners[0]?.filterChains.map((c) => c.name) // ['egress-http.80']
 */
export function compileOsm(set: ModelSet, opts: CompileOsmOptions): MeshTable {
  const assumptions: Assumption[] = []
  const rejections: Rejection[] = []
  const settings = readMeshSettings(set, assumptions)
  const pod = findPod(set, opts.namespace, opts.serviceAccount, opts.pod)
  const sidecar = hasSidecar(set, pod, assumptions)
  const injected = sidecar.injected || opts.assumeSidecar === true
  const id = sidecarId(opts.namespace, opts.serviceAccount)
  const clientId = `${opts.namespace}/${opts.serviceAccount}`
  const peers = knownPeers(set, {id: clientId, namespace: opts.namespace, labels: pod.labels})
  const client = clientWorkload(set, pod, injected ? {proxy: id, capture: outboundCapture(pod, settings, sidecar.origin)} : null, sidecar.origin, peers)
  const proxies = injected ? {[id]: sidecarProxy(set, opts, settings, assumptions, rejections)} : {}
  return {mesh: opts.mesh, client, proxies, workloads: {}, assumptions, rejections, names: clusterDns(set)}
}

/** The client's sidecar whether or not the pod would get one (the validator checks policies this way). */
export function sidecarProxy(set: ModelSet, opts: CompileOsmOptions, settings: MeshSettings, assumptions: Assumption[], rejections: Rejection[]): Proxy {
  const input = {id: sidecarId(opts.namespace, opts.serviceAccount), identity: opts, settings, assumptions, rejections}
  return opts.mesh === 'osm' ? envoySidecar(set, {...input, version: opts.version ?? '1.2'}) : pipySidecar(set, input)
}

/** Pods NetworkPolicy selectors may name, under their workload ids ("NAMESPACE/SERVICEACCOUNT"). */
function knownPeers(set: ModelSet, client: PeerPod): PeerPod[] {
  const peers = podTemplates(set).map(({resource, template, serviceAccount}) => ({
    id: `${resource.metadata.namespace}/${serviceAccount}`,
    namespace: resource.metadata.namespace,
    labels: template.metadata?.labels ?? {},
  }))
  return peers.some((p) => p.id === client.id) ? peers : [...peers, client]
}
