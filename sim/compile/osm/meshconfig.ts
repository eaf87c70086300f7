import type {MeshConfigSpec} from '../../../src/model/osm.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption, Origin, Tagged} from '../../rules/types.js'
import {defaultOrigin, originAt} from '../locate.js'
import {ofKind} from '../select.js'
import {MESH_CONFIG_GROUP, MESH_CONFIG_NAME} from './api.js'

/** The MeshConfig switches egress depends on, each with the value's origin. */
export interface MeshSettings {
  /** spec.traffic.enableEgress: mesh-wide passthrough of unknown destinations. */
  enableEgress: Tagged<boolean>
  /** spec.featureFlags.enableEgressPolicy: the Egress API is honoured (v1.2 gate). */
  enableEgressPolicy: Tagged<boolean>
  /** spec.traffic.enablePermissiveTrafficPolicyMode: every mesh Service is an upstream. */
  permissive: Tagged<boolean>
  outboundIPRangeExclusionList: Tagged<string>[]
  outboundIPRangeInclusionList: Tagged<string>[]
  /** spec.traffic.outboundIPRangeInclusionList itself, when it lists anything: what restricts capture. */
  inclusionListOrigin?: Origin
  outboundPortExclusionList: Tagged<number>[]
}

/**
 * Helm defaults of OSM v1.2.x (charts/osm/values.yaml, commit 8fd236e8 "friendlier defaults"); osm-edge
 * v1.3 inherits them. A partial MeshConfig applied with kubectl keeps the Helm values it does not mention.
 */
const HELM_DEFAULTS = {enableEgress: true, enableEgressPolicy: true, permissive: true} as const

type Switch = keyof typeof HELM_DEFAULTS

const FIELDS: Record<Switch, readonly string[]> = {
  enableEgress: ['spec', 'traffic', 'enableEgress'],
  enableEgressPolicy: ['spec', 'featureFlags', 'enableEgressPolicy'],
  permissive: ['spec', 'traffic', 'enablePermissiveTrafficPolicyMode'],
}

/** OSM watches one MeshConfig by name; the one in osm-system is preferred when several are given. */
function findMeshConfig(set: ModelSet): Resource<MeshConfigSpec> | undefined {
  const all = ofKind(set, 'MeshConfig', MESH_CONFIG_GROUP).filter((r) => r.metadata.name === MESH_CONFIG_NAME)
  return (all.find((r) => r.metadata.namespace === 'osm-system') ?? all[0]) as Resource<MeshConfigSpec> | undefined
}

export function readMeshSettings(set: ModelSet, assumptions: Assumption[]): MeshSettings {
  const config = findMeshConfig(set)
  if (!config) {
    assumptions.push({
      code: 'NO_MESHCONFIG',
      says: `no MeshConfig ${MESH_CONFIG_NAME} in the input; assuming the OSM v1.2 Helm defaults enableEgress=true, enableEgressPolicy=true, enablePermissiveTrafficPolicyMode=true`,
    })
  }
  const read = (name: Switch): Tagged<boolean> => {
    const path = FIELDS[name]
    const value = config ? valueAt(config.raw, path) : undefined
    if (config && typeof value === 'boolean') return {value, origin: originAt(config, ...path)}
    if (config) {
      assumptions.push({
        code: 'MESHCONFIG_FIELD_DEFAULT',
        says: `${path.join('.')} is not set in MeshConfig ${config.metadata.namespace}/${config.metadata.name}; assuming the Helm default ${HELM_DEFAULTS[name]}`,
      })
    }
    return {value: HELM_DEFAULTS[name], origin: defaultOrigin(`OSM v1.2 Helm default ${path.slice(1).join('.')}=${HELM_DEFAULTS[name]}`)}
  }
  const list = <T>(field: string, accept: (v: unknown) => v is T): Tagged<T>[] => {
    const values = config ? valueAt(config.raw, ['spec', 'traffic', field]) : undefined
    if (!config || !Array.isArray(values)) return []
    return values.flatMap((v, i) => (accept(v) ? [{value: v, origin: originAt(config, 'spec', 'traffic', field, i)}] : []))
  }
  const inclusions = list('outboundIPRangeInclusionList', isString)
  return {
    enableEgress: read('enableEgress'),
    enableEgressPolicy: read('enableEgressPolicy'),
    permissive: read('permissive'),
    outboundIPRangeExclusionList: list('outboundIPRangeExclusionList', isString),
    outboundIPRangeInclusionList: inclusions,
    ...(config && inclusions.length > 0 ? {inclusionListOrigin: originAt(config, 'spec', 'traffic', 'outboundIPRangeInclusionList')} : {}),
    outboundPortExclusionList: list('outboundPortExclusionList', isInteger),
  }
}

/**
 * osm-edge pkg/configurator/methods.go GetSidecarDisabledMTLS: the sidecarDisabledMTLS of the driver whose
 * sidecarName equals sidecarClass (case-insensitively); false when none says so, as the osm-edge v1.3 chart
 * sets it nowhere. With it false every sidecar holds the mesh certificate (repo/jobs.go certs()).
 */
export function sidecarDisabledMtls(set: ModelSet): Tagged<boolean> {
  const config = findMeshConfig(set)
  const sidecar = config ? valueAt(config.raw, ['spec', 'sidecar']) : undefined
  const drivers = valueAt(sidecar, ['sidecarDrivers'])
  const sidecarClass = valueAt(sidecar, ['sidecarClass'])
  if (config && Array.isArray(drivers) && typeof sidecarClass === 'string') {
    const i = drivers.findIndex((d) => String(valueAt(d, ['sidecarName']) ?? '').toLowerCase() === sidecarClass.toLowerCase())
    const value = i >= 0 ? valueAt(drivers[i], ['sidecarDisabledMTLS']) : undefined
    if (typeof value === 'boolean') return {value, origin: originAt(config, 'spec', 'sidecar', 'sidecarDrivers', i, 'sidecarDisabledMTLS')}
  }
  return {value: false, origin: defaultOrigin('osm-edge sidecars hold the mesh certificate (sidecarDisabledMTLS is false unless a sidecar driver sets it)')}
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let v = data
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined
  return v
}

function isString(v: unknown): v is string {
  return typeof v === 'string'
}

function isInteger(v: unknown): v is number {
  return Number.isInteger(v)
}
