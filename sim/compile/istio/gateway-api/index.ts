import type {Resource} from '../../../../src/model/resource.js'
import type {ModelSet} from '../../../../src/model/set.js'
import type {Assumption} from '../../../rules/types.js'
import {derived} from '../../select.js'
import {deployGateway, gatewaysOfClass, ISTIO_CLASS} from './gateways.js'
import {convertRoutes, type RouteStatus} from './routes.js'

export interface GatewayApiConfig {
  /** VirtualServices, Gateways, and the gateway Deployments and Services istiod (and its deployment controller) derive. */
  resources: Resource[]
  /** What istiod writes on each route's status.parents[]. */
  statuses: RouteStatus[]
  assumptions: Assumption[]
}

/** Istio's reading of the Gateway API objects of the input, computed once per set. */
export function gatewayApiConfig(set: ModelSet): GatewayApiConfig {
  return derived(set, 'gateway-api', () => {
    const resources: Resource[] = []
    const assumptions: Assumption[] = []
    for (const gw of gatewaysOfClass(set, ISTIO_CLASS)) {
      const deployed = deployGateway(set, gw)
      resources.push(...deployed.gateways, ...deployed.objects)
      if (deployed.unplaced) assumptions.push({code: 'GATEWAY_NOT_PLACED', says: `Gateway ${gw.metadata.namespace}/${gw.metadata.name}: ${deployed.unplaced}; it is not simulated`})
      else if (deployed.objects.length > 0) {
        assumptions.push({
          code: 'GATEWAY_DEPLOYED',
          says: `Gateway ${gw.metadata.namespace}/${gw.metadata.name}: assuming istiod's deployment controller runs it as Deployment and Service ${gw.metadata.name}-istio, listening on the listener ports`,
        })
      }
    }
    // Routes see the Services the deployment controller creates (a backendRef to "<gateway>-istio" resolves).
    const routes = convertRoutes(resources.length ? {resources: [...set.resources, ...resources]} : set)
    resources.push(...routes.virtualServices)
    return {resources, statuses: routes.statuses, assumptions}
  })
}

/** The input plus what istiod derives from its Gateway API objects: what the Istio compiler reads. */
export function withGatewayApi(set: ModelSet): ModelSet {
  return derived(set, 'with-gateway-api', () => {
    const config = gatewayApiConfig(set)
    return config.resources.length ? {resources: [...set.resources, ...config.resources]} : set
  })
}
