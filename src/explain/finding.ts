import type {Diagnostic} from '../model/diagnostic.js'
import type {Origin} from '../model/source.js'

/** A finding about the rule behind `origin`, located where that rule was written. Null for mesh defaults. */
export function findingAt(origin: Origin, code: string, message: string, hint: string): Diagnostic | null {
  if (origin.from !== 'resource') return null
  return {code, severity: 'warning', field: fieldOf(origin.source.path), message, source: origin.source, object: origin.ref, hint}
}

/** A JSON pointer as kubectl names the field: "/spec/ports/0/number" → "spec.ports[0].number". */
export function fieldOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i === 0 ? '' : '.'}${s.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')
}

/** One finding per code and place, whichever client found it first. */
export function dedupe(findings: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>()
  return findings.filter((d) => {
    const key = `${d.code}@${d.source.file}:${d.source.line}:${d.field}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
