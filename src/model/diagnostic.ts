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
}

/** `FILE:LINE: KIND/NS/NAME: field: problem` — the one-line form every command prints. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.source.file}:${d.source.line}`
  const what = d.object ? `${d.object.kind}/${d.object.namespace ? d.object.namespace + '/' : ''}${d.object.name}` : ''
  return [where, what, d.field, `${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`].filter(Boolean).join(': ')
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}
