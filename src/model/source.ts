/** Where a value was written: the file, its 1-based line and column, and the JSON pointer inside the object. */
export interface Source {
  file: string
  line: number
  column: number
  /** JSON pointer inside the object, e.g. "/spec/hosts/0"; "" for the object itself. */
  path: string
}

/** Identifies one Kubernetes object. `namespace` is "" for cluster-scoped objects. */
export interface ResourceRef {
  kind: string
  namespace: string
  name: string
}

/**
 * Why a compiled rule exists: a resource the user wrote (with the exact place) or a documented mesh
 * default (e.g. "OSM v1.2 Helm default enableEgress=true"), so every decision can name its cause.
 */
export type Origin = {from: 'resource'; ref: ResourceRef; source: Source} | {from: 'default'; says: string}

export function refString(ref: ResourceRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`
}

export function sourceString(source: Source): string {
  return `${source.file}:${source.line}`
}
