import type {ObjectMeta, Resource} from '../model/resource.js'

/**
 * A Resource from an object's plain data, which has apiVersion, kind and metadata.name (the loader checks
 * that first; objects from the API server always do). Used for files and for objects read from a cluster.
 */
export function resourceOf(value: Record<string, unknown>, source: Resource['source'], positions: Resource['positions']): Resource {
  const md = value.metadata as Record<string, unknown>
  const metadata: ObjectMeta = {
    name: String(md.name),
    namespace: typeof md.namespace === 'string' ? md.namespace : '',
    labels: stringMap(md.labels),
    annotations: stringMap(md.annotations),
    creationTimestamp: typeof md.creationTimestamp === 'string' ? md.creationTimestamp : undefined,
  }
  const kind = value.kind as string
  return {
    apiVersion: value.apiVersion as string,
    kind,
    metadata,
    spec: kind === 'ConfigMap' ? (value.data ?? {}) : value.spec,
    raw: value,
    ref: {kind, namespace: metadata.namespace, name: metadata.name},
    source,
    positions,
  }
}

function stringMap(v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {}
  const out: Record<string, string> = {}
  for (const [k, val] of Object.entries(v)) out[k] = val === null || val === undefined ? '' : String(val)
  return out
}
