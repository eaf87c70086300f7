import type {ModelSet} from '../../../src/model/set.js'
import type {MeshTable} from '../../rules/types.js'
import {gatewayApiConfig, withGatewayApi} from './gateway-api/index.js'
import {compileIstio} from './index.js'
import type {IstioVersion} from './version.js'
import type {PodRef} from '../workload.js'

/**
 * Istio's table for one client identity, from the input together with what istiod derives from its Gateway
 * API objects (VirtualServices, Gateways, auto-deployed gateway pods).
 */
export function compileIstioDataPlane(set: ModelSet, opts: {namespace: string; serviceAccount: string; pod?: PodRef; version: IstioVersion; assumeSidecar?: boolean}): MeshTable {
  const config = gatewayApiConfig(set)
  const table = compileIstio(withGatewayApi(set), opts)
  return config.assumptions.length ? {...table, assumptions: [...table.assumptions, ...config.assumptions]} : table
}
