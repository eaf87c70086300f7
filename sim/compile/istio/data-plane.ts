import type {ModelSet} from '../../../src/model/set.js'
import type {MeshTable} from '../../rules/types.js'
import {findPod, type PodRef} from '../workload.js'
import {ambientReason, withAmbient} from './ambient/index.js'
import {backendTlsConfig} from './gateway-api/backend-tls.js'
import {gatewayApiConfig, withGatewayApi} from './gateway-api/index.js'
import {compileIstio} from './index.js'
import type {IstioVersion} from './version.js'

/**
 * Istio's table for one client identity, from the input together with what istiod derives from its Gateway
 * API objects (VirtualServices, Gateways, auto-deployed gateway pods, DestinationRules from BackendTLSPolicies).
 */
export function compileIstioDataPlane(set: ModelSet, opts: {namespace: string; serviceAccount: string; pod?: PodRef; version: IstioVersion; assumeSidecar?: boolean}): MeshTable {
  const config = gatewayApiConfig(set)
  const backendTls = backendTlsConfig(set, opts.version)
  const withRoutes = withGatewayApi(set)
  const full = backendTls.destinationRules.length ? {resources: [...withRoutes.resources, ...backendTls.destinationRules]} : withRoutes
  const compiled = compileIstio(full, opts)
  const assumptions = [...config.assumptions, ...backendTls.assumptions]
  const table = assumptions.length ? {...compiled, assumptions: [...compiled.assumptions, ...assumptions]} : compiled
  // A pod without a sidecar in an ambient namespace gets ztunnel (and its services' waypoints) instead.
  const pod = findPod(full, opts.namespace, opts.serviceAccount, opts.pod)
  const ambient = ambientReason(pod, table.client.proxy !== null)
  return ambient ? withAmbient(full, table, opts, pod, ambient) : table
}
