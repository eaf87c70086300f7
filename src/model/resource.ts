import type {Origin, ResourceRef, Source} from './source.js'

/**
 * One Kubernetes object as loaded: plain JSON data plus the position of every value it contains.
 * No yaml node survives loading; positions are kept as a flat map from JSON pointer to [line, column].
 */
export interface Resource<Spec = unknown> {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  /** The object's `spec` (or, for ConfigMaps, `data`), untyped until validation has passed. */
  spec: Spec
  /** The whole object as plain data (what `kubectl get -o json` would show). */
  raw: Record<string, unknown>
  ref: ResourceRef
  /** Where the object starts. */
  source: Source
  /** Position of each value, keyed by JSON pointer ("/spec/hosts/0"). */
  positions: ReadonlyMap<string, readonly [line: number, column: number]>
  /**
   * For an object the control plane derives from others (istiod turns an HTTPRoute into a VirtualService):
   * the origin of each value, keyed by JSON pointer in this object, so rules cite what the user wrote.
   */
  derivedFrom?: ReadonlyMap<string, Origin>
}

export interface ObjectMeta {
  name: string
  namespace: string
  labels: Record<string, string>
  annotations: Record<string, string>
  creationTimestamp?: string
}
