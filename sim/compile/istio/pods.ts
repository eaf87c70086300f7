import type {GatewaySpec} from '../../../src/model/istio.js'
import type {PodTemplate} from '../../../src/model/k8s.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import {ofKind, selects} from '../select.js'
import {podTemplates} from '../workload.js'

/** A pod (or the pods of one workload) the input describes, with the id the rule table uses for it. */
export interface KnownPod {
  /** "NAMESPACE/NAME" for gateways (the proxy id), "NAMESPACE/SERVICEACCOUNT" for other pods. */
  id: string
  namespace: string
  name: string
  labels: Record<string, string>
  resource: Resource
  template: PodTemplate
  isGateway: boolean
  /** Named container ports, for Service targetPorts given by name. */
  namedPorts: Record<string, number>
}

/**
 * Gateway pods are the ones a Gateway selects (in any namespace, istio PILOT_SCOPE_GATEWAY_TO_NAMESPACE
 * off) or that run `pilot-agent proxy router`, the gateway mode of the Istio proxy.
 */
export function knownPods(set: ModelSet): KnownPod[] {
  const gateways = ofKind<GatewaySpec>(set, 'Gateway', 'networking.istio.io')
  return podTemplates(set).map(({resource, template, serviceAccount}) => {
    const labels = template.metadata?.labels ?? {}
    const containers = template.spec?.containers ?? []
    const runsRouter = containers.some((c) => ((c as {args?: string[]}).args ?? []).includes('router'))
    const selected = gateways.some((g) => g.spec.selector && Object.keys(g.spec.selector).length > 0 && selects({matchLabels: g.spec.selector}, labels))
    const isGateway = runsRouter || selected
    const {namespace, name} = resource.metadata
    const namedPorts: Record<string, number> = {}
    for (const c of containers) for (const p of c.ports ?? []) if (p.name && p.containerPort) namedPorts[p.name] = p.containerPort
    return {id: `${namespace}/${isGateway ? name : serviceAccount}`, namespace, name, labels, resource, template, isGateway, namedPorts}
  })
}
