import type {GatewaySpec, VirtualServiceSpec} from '../../../src/model/istio.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Unapplied} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {ofKind} from '../select.js'
import {servesGateway} from './gateway.js'
import type {HeldPort} from './listeners.js'
import type {KnownPod} from './pods.js'
import {type HiddenService, resolveGatewayName} from './sidecar-scope.js'

/** ServiceEntry hosts the client's sidecar does not see, at the host, with the setting that hides it. */
export function hiddenServiceEntries(hidden: readonly HiddenService[], client: string): Unapplied[] {
  return hidden.map(({service, setBy, why, ports}) => ({
    code: 'ISTIO_SE_NOT_VISIBLE',
    says: `the sidecar of ${client} does not see ServiceEntry ${service.namespace}/${service.resource.metadata.name} host ${service.host}: ${why}`,
    origin: service.origin,
    setBy,
    host: service.host,
    ports: ports ?? service.ports.map((p) => p.number),
  }))
}

/**
 * ServiceEntry ports the catch-all egress listener imports but could not build, since a port listener of
 * the Sidecar holds that listener (istio listener.go buildSidecarOutboundListeners, `locked`). The
 * sidecar keeps the cluster; no chain leads to it. Cited at the port listener's `port`.
 */
export function heldServiceEntryPorts(held: readonly HeldPort[], client: string): Unapplied[] {
  const out = new Map<string, Unapplied>()
  for (const {service, port, heldBy} of held) {
    if (service.registry !== 'External') continue
    const key = `${service.host}:${port.number}`
    if (out.has(key)) continue
    out.set(key, {
      code: 'ISTIO_SE_NOT_VISIBLE',
      says: `the sidecar of ${client} has no listener chain for ServiceEntry ${service.namespace}/${service.resource.metadata.name} host ${service.host} on port ${port.number}: a Sidecar egress listener with port ${heldBy.number} builds that port's listener from its own hosts, and the catch-all listener that imports ${service.host} adds nothing to it`,
      origin: service.origin,
      setBy: heldBy.at,
      host: service.host,
      ports: [port.number],
      clusterKept: true,
    })
  }
  return [...out.values()]
}

/**
 * VirtualService gateways that name a Gateway no gateway pod of the input serves, so no proxy gets its
 * routes. Said only when the input has gateway pods at all: without any, it cannot tell. "mesh" is the
 * sidecars; a Gateway not found is validation's ISTIO_VS_GATEWAY_NOT_FOUND.
 */
export function gatewaysWithoutPods(set: ModelSet, pods: readonly KnownPod[]): Unapplied[] {
  const gatewayPods = pods.filter((p) => p.isGateway)
  if (gatewayPods.length === 0) return []
  const gateways = new Map(ofKind<GatewaySpec>(set, 'Gateway', 'networking.istio.io').map((g) => [`${g.metadata.namespace}/${g.metadata.name}`, g]))
  return ofKind<VirtualServiceSpec>(set, 'VirtualService', 'networking.istio.io').flatMap((vs) =>
    (vs.spec.gateways ?? []).flatMap((written, i) => {
      const name = resolveGatewayName(written, vs.metadata.namespace)
      const gateway = gateways.get(name)
      if (!gateway || gatewayPods.some((p) => servesGateway(gateway, p.labels))) return []
      const selector = Object.entries(gateway.spec.selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
      return [
        {
          code: 'ISTIO_VS_GATEWAY_NO_WORKLOAD',
          says: `VirtualService ${vs.metadata.namespace}/${vs.metadata.name} is bound to Gateway ${name}, whose selector ${selector} matches no gateway pod in the input: no proxy gets these routes`,
          origin: originAt(vs, 'spec', 'gateways', i),
          setBy: originAt(gateway, 'spec', 'selector'),
        },
      ]
    }),
  )
}
