import type {ResourceRef, Source} from './source.js'

/**
 * A problem found in the input. `error` means the real system would reject the object (or the file could
 * not be read); `warning` means the real system accepts it but it does nothing, or something other than
 * what it seems to say. Codes are stable; tests assert the code and the line, never the wording.
 */
export interface Diagnostic {
  code: string
  severity: 'error' | 'warning'
  /** The field as kubectl would name it, e.g. "spec.ports[0].protocol"; "" when the whole object is meant. */
  field: string
  message: string
  source: Source
  /** The object concerned, when the problem is inside one. */
  object?: ResourceRef
  hint?: string
  /** The other place the problem comes from: the setting that keeps the policy at `source` from taking effect. */
  related?: {source: Source; object: ResourceRef; field: string}
  /**
   * The meshes the finding is about, when the same input means different things to them (OSM's Envoy and
   * osm-edge's Pipy read one API); absent ⇒ every mesh that reads the object.
   */
  meshes?: readonly string[]
}

/** The findings that concern `mesh`. */
export function forMesh<D extends Diagnostic>(diagnostics: readonly D[], mesh: string): D[] {
  return diagnostics.filter((d) => !d.meshes || d.meshes.includes(mesh))
}

/** `FILE:LINE: KIND/NS/NAME: field: problem` — the one-line form every command prints. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.source.file}:${d.source.line}`
  const what = d.object ? `${d.object.kind}/${d.object.namespace ? d.object.namespace + '/' : ''}${d.object.name}` : ''
  return [where, what, d.field, `${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`].filter(Boolean).join(': ')
}

/** `FILE:LINE: KIND/NS/NAME: field` of the setting that keeps the finding's policy from taking effect, if any. */
export function formatRelated(d: Diagnostic): string | undefined {
  if (!d.related) return undefined
  const {source, object, field} = d.related
  return [`${source.file}:${source.line}`, `${object.kind}/${object.namespace ? object.namespace + '/' : ''}${object.name}`, field].filter(Boolean).join(': ')
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}
