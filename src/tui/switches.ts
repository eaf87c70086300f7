import {parseDocument} from 'yaml'
import type {MeshName} from '../../sim/compile/index.js'
import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'

/**
 * The mesh-wide switches that decide egress, as the input sets them and where: OSM's MeshConfig
 * traffic.enableEgress and featureFlags.enableEgressPolicy, Istio's meshConfig.outboundTrafficPolicy.
 */
export function meshSwitches(set: ModelSet, mesh: MeshName | null): string[] {
  if (mesh === 'istio') return [istioPolicy(set)]
  if (mesh === null) return []
  const config = set.resources.find((r) => r.kind === 'MeshConfig')
  if (!config) return ['no MeshConfig in the input: OSM defaults apply']
  return [setting(config, ['traffic', 'enableEgress']), setting(config, ['featureFlags', 'enableEgressPolicy'])]
}

function setting(r: Resource, path: string[]): string {
  const value = dig(r.spec, path)
  const at = r.positions.get(`/spec/${path.join('/')}`)
  return value === undefined ? `${path.at(-1)} unset (mesh default)` : `${path.at(-1)}=${String(value)} (${r.source.file}:${at?.[0] ?? r.source.line})`
}

function istioPolicy(set: ModelSet): string {
  const cm = set.resources.find((r) => r.kind === 'ConfigMap' && r.metadata.name === 'istio')
  const mesh = dig(cm?.spec, ['mesh'])
  const fromConfigMap = typeof mesh === 'string' ? parseDocument(mesh).getIn(['outboundTrafficPolicy', 'mode']) : undefined
  if (cm && fromConfigMap !== undefined) return `outboundTrafficPolicy ${String(fromConfigMap)} (${cm.source.file}:${cm.source.line})`
  const op = set.resources.find((r) => r.kind === 'IstioOperator' && dig(r.spec, ['meshConfig', 'outboundTrafficPolicy', 'mode']) !== undefined)
  if (op) return `outboundTrafficPolicy ${String(dig(op.spec, ['meshConfig', 'outboundTrafficPolicy', 'mode']))} (${op.source.file}:${op.source.line})`
  return 'outboundTrafficPolicy unset (Istio default ALLOW_ANY)'
}

function dig(v: unknown, path: string[]): unknown {
  for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined
  return v
}
