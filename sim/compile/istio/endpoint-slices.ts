import type {ServiceSpec} from '../../../src/model/k8s.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import {parseIp} from '../../net/cidr.js'
import type {Origin} from '../../rules/types.js'
import {originAt} from '../locate.js'
import {derived, ofKind, selects} from '../select.js'

export interface EndpointAddress {
  address: string
  origin: Origin
}

interface SliceEndpoint {
  addresses?: string[]
  conditions?: {ready?: boolean}
}

interface Slice {
  endpoints?: SliceEndpoint[]
  ports?: Array<{name?: string; port?: number}>
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name'

/** EndpointSlices by "NAMESPACE/SERVICE" (label kubernetes.io/service-name), built once per input. */
function slicesByService(set: ModelSet): Map<string, Resource[]> {
  return derived(set, 'istio-endpoint-slices', () => {
    const out = new Map<string, Resource[]>()
    for (const r of ofKind(set, 'EndpointSlice', 'discovery.k8s.io')) {
      const service = r.metadata.labels[SERVICE_NAME_LABEL]
      if (!service) continue
      const key = `${r.metadata.namespace}/${service}`
      out.set(key, [...(out.get(key) ?? []), r])
    }
    return out
  })
}

/**
 * The pod addresses behind one port of a Service, as Istio's Kubernetes registry sees them: from the
 * EndpointSlices of the Service (istio pilot/pkg/serviceregistry/kube/controller/endpointslice.go; an
 * endpoint without `conditions.ready: false` is ready), matched to the port by name. When the input has
 * no EndpointSlice for the Service, the Pods it selects with a status.podIP are what the EndpointSlice
 * controller would list.
 */
export function endpointAddresses(set: ModelSet, service: Resource<ServiceSpec>, port: {name: string}): EndpointAddress[] {
  const slices = slicesByService(set).get(`${service.metadata.namespace}/${service.metadata.name}`)
  if (slices) {
    return slices.flatMap((r) => {
      const slice = r.raw as Slice
      if (!(slice.ports ?? []).some((p) => (p.name ?? '') === port.name)) return []
      return (slice.endpoints ?? []).flatMap((e, i) =>
        e.conditions?.ready === false ? [] : (e.addresses ?? []).filter((a) => parseIp(a)).map((address) => ({address, origin: originAt(r, 'endpoints', i, 'addresses')})),
      )
    })
  }
  const selector = service.spec?.selector
  if (!selector) return []
  return ofKind(set, 'Pod', '')
    .filter((p) => p.metadata.namespace === service.metadata.namespace && selects({matchLabels: selector}, p.metadata.labels))
    .flatMap((p) => {
      const ip = (p.raw.status as {podIP?: string} | undefined)?.podIP
      return ip && parseIp(ip) ? [{address: ip, origin: originAt(p, 'status', 'podIP')}] : []
    })
}

/** The client pod's own address, when the input gives its Pod with a status.podIP. */
export function podIp(pod: Resource | undefined): string | undefined {
  if (pod?.kind !== 'Pod') return undefined
  const ip = (pod.raw.status as {podIP?: string} | undefined)?.podIP
  return ip && parseIp(ip) ? ip : undefined
}
