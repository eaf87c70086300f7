import {parse, stringify} from 'yaml'
import type {MeshName} from '../../sim/compile/index.js'
import {MESH_CONFIG_GROUP, MESH_CONFIG_NAME} from '../../sim/compile/osm/api.js'
import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'
import {meshSwitch} from './mesh-switch.js'

/** The switch that ends "everything may leave": Istio REGISTRY_ONLY; OSM egress off with Egress policies on. */
export const SWITCHES = {'registry-only': 'istio', 'egress-policy': 'osm'} as const
export type SwitchName = keyof typeof SWITCHES

/**
 * The input as it would be after the switch, built from `create mesh-switch`'s patch: OSM's partial
 * MeshConfig merged into the MeshConfig OSM reads (or added, when the input has none); Istio's
 * meshConfig merged into the `istio` ConfigMap's `mesh` text when there is one (it wins over an IstioOperator,
 * see sim/compile/istio/meshconfig.ts), else into the IstioOperator, else the overlay itself. The patched
 * object is cited as `--mesh-switch NAME`, so the trace names the switch as the deciding rule.
 */
export function switchedSet(set: ModelSet, mesh: MeshName, name: SwitchName): ModelSet | {problem: string} {
  const wanted = SWITCHES[name]
  if (wanted === 'istio' ? mesh !== 'istio' : mesh === 'istio') return {problem: `${name} is an ${wanted === 'istio' ? 'Istio' : 'OSM'} switch; simulating ${mesh}`}
  const made = meshSwitch(
    mesh === 'istio'
      ? {mesh, outboundTrafficPolicy: 'REGISTRY_ONLY', controlPlaneNamespace: 'istio-system'}
      : {mesh, enableEgress: false, enableEgressPolicy: true, controlPlaneNamespace: 'osm-system'},
  )
  if ('problem' in made) return made
  const patch = made.object as {spec: Record<string, unknown>}
  const source = {file: `--mesh-switch ${name}`, line: 0, column: 0, path: ''}
  const patched = (r: Resource, raw: Record<string, unknown>, spec: unknown): Resource => ({...r, raw, spec, source, positions: new Map()})
  const resources = [...set.resources]
  const replace = (r: Resource, next: Resource) => resources.splice(resources.indexOf(r), 1, next)

  if (mesh === 'istio') {
    const meshConfig = patch.spec.meshConfig as Record<string, unknown>
    const cm = resources.find(
      (r) => r.kind === 'ConfigMap' && r.metadata.namespace === 'istio-system' && r.metadata.name === 'istio' && typeof (r.spec as {mesh?: unknown})?.mesh === 'string',
    )
    if (cm) {
      const data = {...(cm.spec as Record<string, unknown>), mesh: stringify(merge(parseObject((cm.spec as {mesh: string}).mesh), meshConfig))}
      replace(cm, patched(cm, {...cm.raw, data}, data))
      return {resources}
    }
    const operator = resources.find((r) => r.kind === 'IstioOperator' && (r.spec as {meshConfig?: unknown})?.meshConfig)
    if (operator) {
      const spec = merge(operator.spec as Record<string, unknown>, patch.spec)
      replace(operator, patched(operator, {...operator.raw, spec}, spec))
      return {resources}
    }
  } else {
    const config = resources.find((r) => r.kind === 'MeshConfig' && r.apiVersion.startsWith(`${MESH_CONFIG_GROUP}/`) && r.metadata.name === MESH_CONFIG_NAME)
    if (config) {
      const spec = merge(config.spec as Record<string, unknown>, patch.spec)
      replace(config, patched(config, {...config.raw, spec}, spec))
      return {resources}
    }
  }
  return {resources: [...resources, asResource(made.object as Record<string, unknown> & {apiVersion: string; kind: string; metadata: {name: string; namespace: string}}, source)]}
}

function parseObject(text: string): Record<string, unknown> {
  const value: unknown = parse(text)
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

/** A JSON merge patch (RFC 7386) of plain objects, as `kubectl patch --type=merge` applies it. */
function merge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {...target}
  for (const [k, v] of Object.entries(patch)) {
    const t = out[k]
    out[k] =
      typeof v === 'object' && v !== null && !Array.isArray(v) && typeof t === 'object' && t !== null && !Array.isArray(t)
        ? merge(t as Record<string, unknown>, v as Record<string, unknown>)
        : v
  }
  return out
}

function asResource(o: Record<string, unknown> & {apiVersion: string; kind: string; metadata: {name: string; namespace: string}}, source: Resource['source']): Resource {
  const {name, namespace} = o.metadata
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: {name, namespace, labels: {}, annotations: {}},
    spec: o.spec,
    raw: o,
    ref: {kind: o.kind, namespace, name},
    source,
    positions: new Map(),
  }
}
