import {parse} from 'yaml'
import type {ClientTls, IstioOperatorSpec, MeshConfig} from '../../../src/model/istio.js'
import type {Resource} from '../../../src/model/resource.js'
import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption, Origin, Tagged} from '../../rules/types.js'
import {defaultOrigin, originAt} from '../locate.js'
import {find, ofKind} from '../select.js'
import {parseDuration} from './duration.js'
import {istioAtLeast, type IstioVersion} from './version.js'

export type OutboundMode = 'REGISTRY_ONLY' | 'ALLOW_ANY' | 'ALLOW_ANY_DYNAMIC_DNS'

/** The mesh-wide settings the sidecar config depends on, each with where it came from. */
export interface MeshSettings {
  outbound: {mode: OutboundMode; origin: Origin}
  /** outboundTrafficPolicy.tls: TLS the ALLOW_ANY_DYNAMIC_DNS forward proxy originates. */
  dynamicDnsTls?: ClientTls
  rootNamespace: string
  connectTimeoutSeconds: number
  /** meshConfig.defaultConfig.proxyMetadata: the environment every proxy's agent starts with. */
  proxyMetadata: Record<string, Tagged<string>>
  /** Default exportTo of objects that set none. */
  exportTo: {service: string[]; virtualService: string[]; destinationRule: string[]}
  /** Where defaultServiceExportTo is written, or Istio's default ["*"]. */
  serviceExportToOrigin: Origin
  assumptions: Assumption[]
}

const ROOT_NAMESPACE = 'istio-system'

interface Found {
  config: MeshConfig
  origin: (...segments: Array<string | number>) => Origin
  modePointer: Array<string | number>
}

/**
 * The ConfigMap `istio` in istio-system (key `mesh`, YAML) is what istiod reads; an IstioOperator's
 * spec.meshConfig is what an install would have written there. The ConfigMap wins when both are given.
 */
function findMeshConfig(set: ModelSet): Found | null {
  const cm = find<Record<string, unknown>>(set, 'ConfigMap', ROOT_NAMESPACE, 'istio')
  const text = cm?.spec?.mesh
  if (cm && typeof text === 'string') {
    const config = parseMeshText(text)
    if (config) return {config, origin: (...s) => originAt(cm, ...s), modePointer: ['data', 'mesh']}
  }
  const operator = ofKind<IstioOperatorSpec>(set, 'IstioOperator', 'install.istio.io').find((r) => r.spec?.meshConfig)
  if (operator?.spec.meshConfig) {
    return {
      config: operator.spec.meshConfig,
      origin: (...s) => originAt(operator as Resource, ...s),
      modePointer: ['spec', 'meshConfig', 'outboundTrafficPolicy', 'mode'],
    }
  }
  return null
}

/** The `mesh` key as istiod would read it; null when it is not a YAML mapping (reported by validation). */
export function parseMeshText(text: string): MeshConfig | null {
  try {
    const value: unknown = parse(text)
    if (value === null || value === undefined) return {}
    return typeof value === 'object' && !Array.isArray(value) ? (value as MeshConfig) : null
  } catch {
    return null
  }
}

/**
 * istiod before 1.31 has no ALLOW_ANY_DYNAMIC_DNS in its MeshConfig proto, so the `mesh` text does not
 * parse; istiod then keeps its last valid mesh config, or the defaults on a fresh start (istio 1.30
 * pkg/config/mesh/meshwatcher/collection.go NewCollection: "invalid mesh config, using last known state").
 */
function unreadableBy(version: IstioVersion, config: MeshConfig): string | null {
  if (config.outboundTrafficPolicy?.mode === 'ALLOW_ANY_DYNAMIC_DNS' && !istioAtLeast(version, '1.31'))
    return `istiod ${version} does not know outboundTrafficPolicy.mode ALLOW_ANY_DYNAMIC_DNS (added in 1.31) and rejects the whole mesh config; assuming it runs with Istio's defaults (no earlier valid mesh config is known)`
  return null
}

/** Where defaultConfig.proxyMetadata.KEY is written: inside the `mesh` text, or in the IstioOperator. */
function metaPointer(found: Found, key: string): Array<string | number> {
  return found.modePointer[0] === 'data' ? ['data', 'mesh'] : ['spec', 'meshConfig', 'defaultConfig', 'proxyMetadata', key]
}

export function meshSettings(set: ModelSet, version: IstioVersion): MeshSettings {
  const assumptions: Assumption[] = []
  let found = findMeshConfig(set)
  const unreadable = found && unreadableBy(version, found.config)
  if (unreadable) {
    assumptions.push({code: 'MESHCONFIG_REJECTED', says: unreadable})
    found = null
  }
  const config = found?.config ?? {}
  if (!found && !unreadable) {
    assumptions.push({
      code: 'NO_MESHCONFIG',
      says: 'no ConfigMap istio-system/istio (or IstioOperator meshConfig) in the input; assuming Istio defaults (outboundTrafficPolicy ALLOW_ANY)',
    })
  }
  const written = config.outboundTrafficPolicy?.mode
  const mode: OutboundMode = written === 'REGISTRY_ONLY' || written === 'ALLOW_ANY_DYNAMIC_DNS' ? written : 'ALLOW_ANY'
  // An unset mode is cited at the nearest value written (the `mesh` key, or spec.meshConfig).
  const origin = found ? found.origin(...found.modePointer) : defaultOrigin('Istio default outboundTrafficPolicy ALLOW_ANY (istio pkg/config/mesh/mesh.go DefaultMeshConfig)')
  return {
    outbound: {mode, origin},
    ...(config.outboundTrafficPolicy?.tls ? {dynamicDnsTls: config.outboundTrafficPolicy.tls} : {}),
    rootNamespace: config.rootNamespace || ROOT_NAMESPACE,
    connectTimeoutSeconds: parseDuration(config.connectTimeout) ?? 10,
    proxyMetadata: Object.fromEntries(
      Object.entries(config.defaultConfig?.proxyMetadata ?? {}).map(([k, v]) => [k, {value: String(v), origin: found!.origin(...metaPointer(found!, k))}]),
    ),
    exportTo: {
      service: config.defaultServiceExportTo ?? ['*'],
      virtualService: config.defaultVirtualServiceExportTo ?? ['*'],
      destinationRule: config.defaultDestinationRuleExportTo ?? ['*'],
    },
    serviceExportToOrigin:
      found && config.defaultServiceExportTo
        ? found.origin(...(found.modePointer[0] === 'data' ? ['data', 'mesh'] : ['spec', 'meshConfig', 'defaultServiceExportTo']))
        : defaultOrigin('Istio default defaultServiceExportTo ["*"] (istio push_context.go initDefaultExportMaps)'),
    assumptions,
  }
}
