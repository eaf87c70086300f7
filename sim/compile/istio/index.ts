import type {ModelSet} from '../../../src/model/set.js'
import type {MeshTable, Proxy, Workload} from '../../rules/types.js'
import {clientWorkload} from '../client.js'
import {egressFirewall} from '../firewall.js'
import {originAt} from '../locate.js'
import {findPod, type PodRef} from '../workload.js'
import {capture, injection} from './capture.js'
import {catchAllClusters, serviceClusters} from './clusters.js'
import {destinationRuleLookup} from './destination-rule.js'
import {gatewayProxy} from './gateway.js'
import {sidecarListeners, type HeldPort} from './listeners.js'
import {meshSettings} from './meshconfig.js'
import {knownPods} from './pods.js'
import {sidecarRouteConfigs} from './routes.js'
import {allocateAddresses, allocatorV2, usesAutoAllocatedAddresses} from './address-allocation.js'
import {aliasesByConcreteHost} from './aliases.js'
import {catchAllFor, dynamicDnsCluster, dynamicDnsRouteConfig} from './catch-all.js'
import {podIp} from './endpoint-slices.js'
import {headlessWithoutEndpoints} from './headless.js'
import {proxyDns} from './proxy-metadata.js'
import {proxyOwnClusters, proxyOwnRouteConfigs} from './proxy-own-listeners.js'
import {meshServices} from './services.js'
import {nameTable} from './name-table.js'
import {gatewaysWithoutPods, heldServiceEntryPorts, hiddenServiceEntries} from './unapplied.js'
import {servicesCovering, sidecarScope, type Scope} from './sidecar-scope.js'
import type {IstioVersion} from './version.js'

/**
 * The rule table istiod would push for the pods of NAMESPACE/SERVICEACCOUNT: their sidecar (if injected),
 * and every gateway pod in the input with the Gateways that select it, so traces can cross egress gateways.
 */
export function compileIstio(set: ModelSet, opts: {namespace: string; serviceAccount: string; pod?: PodRef; version: IstioVersion; assumeSidecar?: boolean}): MeshTable {
  const mesh = meshSettings(set, opts.version)
  const assumptions = [...mesh.assumptions]
  const pods = knownPods(set)
  const pod = findPod(set, opts.namespace, opts.serviceAccount, opts.pod)
  const v2 = allocatorV2(set, mesh.rootNamespace, opts.version)
  const dns = proxyDns(pod, mesh)
  const usesAutoAllocated = usesAutoAllocatedAddresses(dns, v2)
  const allocated = allocateAddresses(meshServices(set), v2)
  const services = allocated.services
  // Only a proxy that listens on allocated addresses makes the assumed ones matter.
  if (usesAutoAllocated) assumptions.push(...allocated.assumptions)
  const clientId = `${opts.namespace}/${opts.serviceAccount}`
  const peers = [...pods, ...(pods.some((p) => p.id === clientId) ? [] : [{id: clientId, namespace: opts.namespace, labels: pod.labels}])]

  const proxies: Record<string, Proxy> = {}
  const workloads: Record<string, Workload> = {}
  for (const gw of pods.filter((p) => p.isGateway)) {
    proxies[gw.id] = gatewayProxy(set, mesh, gw, services, pods, assumptions)
    workloads[gw.id] = {
      id: gw.id,
      namespace: gw.namespace,
      serviceAccount: gw.template.spec?.serviceAccountName ?? 'default',
      labels: gw.labels,
      proxy: gw.id,
      capture: null,
      firewall: egressFirewall(set, gw, peers),
      origin: originAt(gw.resource),
    }
  }

  const inject = injection(pod)
  if (inject.assumed) assumptions.push({code: 'NAMESPACE_ASSUMED_IN_MESH', says: inject.assumed})
  const sidecarId = clientId
  const injected = inject.injected || opts.assumeSidecar === true
  let visible: Scope | null = null
  const held: HeldPort[] = []
  if (injected) {
    const scope = sidecarScope(set, mesh, services, opts.namespace, pod.labels, {
      version: opts.version,
      usesAutoAllocated,
      aliases: aliasesByConcreteHost(services),
      clientIp: podIp(pod.workload),
    })
    visible = scope
    assumptions.push(...scope.assumptions, ...headlessWithoutEndpoints(scope))
    const portsOf = (host: string) =>
      servicesCovering(scope, host)
        .find((s) => s.host === host)
        ?.ports.map((p) => p.number) ?? []
    const catchAll = catchAllFor(scope.outbound)
    const listeners = sidecarListeners(scope, portsOf, catchAll, held)
    proxies[sidecarId] = {
      id: sidecarId,
      kind: 'sidecar',
      flavor: 'envoy',
      listeners,
      routeConfigs: {...sidecarRouteConfigs(scope, listeners, portsOf), ...proxyOwnRouteConfigs(catchAll, dynamicDnsRouteConfig(scope.outbound))},
      clusters: {
        ...catchAllClusters(mesh.connectTimeoutSeconds),
        ...proxyOwnClusters(),
        ...dynamicDnsCluster(scope.outbound, mesh.dynamicDnsTls, mesh.connectTimeoutSeconds),
        ...serviceClusters(scope.services, {
          forGateway: false,
          connectTimeoutSeconds: mesh.connectTimeoutSeconds,
          pods,
          destinationRules: destinationRuleLookup(set, mesh, opts.namespace, pod.labels),
        }),
      },
    }
  }
  const client = clientWorkload(set, pod, injected ? {proxy: sidecarId, capture: capture(pod)} : null, inject.origin, peers)
  const unapplied = [...hiddenServiceEntries(visible?.hidden ?? [], clientId), ...heldServiceEntryPorts(held, clientId), ...gatewaysWithoutPods(set, pods)]
  return {mesh: 'istio', client, proxies, workloads, assumptions, rejections: [], names: nameTable(services, visible, dns), ...(unapplied.length ? {unapplied} : {})}
}
