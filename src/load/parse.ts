import {isRecord} from '../is-record.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {Resource} from '../model/resource.js'
import {metadataProblem} from './metadata.js'
import {child, LineIndex, offsetOf, Positions, type PosNode} from './positions.js'
import {resourceOf} from './resource.js'
import {readStream} from './yaml/read-stream.js'

/** Where a text starts inside a larger file (a document of an edited file, a scenario's inline block). */
export interface Embedding {
  /** Lines before the text's first line. */
  line: number
  /** Columns before the text on every line (a YAML block scalar's indentation). */
  column: number
}

export interface Parsed {
  resources: Resource[]
  diagnostics: Diagnostic[]
}

/**
 * Parses a file's text into Resources as `kubectl apply -f` reads it: documents split at "---" lines (or
 * a JSON stream), YAML 1.1 scalars, lists flattened. Every value keeps its line and column; nothing of
 * the yaml library's types leaves this function. A problem kubectl stops at ends the file with one
 * diagnostic; a problem in one object (no name, metadata of the wrong type) skips that object.
 */
export function parseResources(text: string, file: string, embedded: Embedding = {line: 0, column: 0}): Parsed {
  const lines = new LineIndex(text, embedded)
  const stream = readStream(text)
  const resources: Resource[] = []
  const diagnostics: Diagnostic[] = []
  const source = (offset: number, path = '') => {
    const [line, column] = lines.locate(offset)
    return {file, line, column, path}
  }
  for (const w of stream.warnings) {
    diagnostics.push({
      code: w.message.startsWith('duplicate key') ? 'YAML_DUPLICATE_KEY' : 'YAML_IGNORED',
      severity: 'warning',
      field: '',
      message: w.message,
      source: source(w.offset),
    })
  }
  for (const doc of stream.documents) {
    if (doc.value === null) continue
    addObject(doc.value, doc.positions)
  }
  if (stream.error) diagnostics.push({code: stream.error.code, severity: 'error', field: '', message: stream.error.message, source: source(stream.error.offset)})
  return {resources, diagnostics}

  /**
   * An object, or a list of them: k8s.io/apimachinery v0.32 unstructured `decode` takes any object with an
   * "items" field for a list, and an item with neither kind nor apiVersion gets the list's
   * (`decodeToList`); cli-runtime's FlattenListVisitor flattens lists inside lists.
   */
  function addObject(value: unknown, positions: PosNode, inherit?: {kind: string; apiVersion: unknown}): void {
    if (!isRecord(value)) {
      diagnostics.push({code: 'OBJECT_NOT_A_MAP', severity: 'error', field: '', message: 'a Kubernetes object must be a map', source: source(offsetOf(positions))})
      return
    }
    if (inherit && value.kind === undefined && value.apiVersion === undefined) value = {...value, kind: inherit.kind, apiVersion: inherit.apiVersion}
    const object = value as Record<string, unknown>
    if ('items' in object && (inherit === undefined || Array.isArray(object.items))) {
      const items = object.items
      if (items === null) return
      const at = child(positions, 'items')
      if (!Array.isArray(items)) {
        diagnostics.push({code: 'OBJECT_LIST', severity: 'error', field: 'items', message: 'items must be a list of objects', source: source(offsetOf(at ?? positions), '/items')})
        return
      }
      const kind = typeof object.kind === 'string' ? object.kind.replace(/List$/, '') : ''
      items.forEach((item, i) => addObject(item, child(at, i) ?? positions, {kind, apiVersion: object.apiVersion}))
      return
    }
    addResource(object, new Positions(positions, lines), source(offsetOf(positions)))
  }

  function addResource(value: Record<string, unknown>, positions: Positions, start: Resource['source']): void {
    const problem = missingIdentity(value) ?? metadataProblem(value)
    if (problem) {
      diagnostics.push({code: problem.code, severity: 'error', field: problem.field, message: problem.message, source: nearest(positions, problem.pointer, start)})
      return
    }
    resources.push(resourceOf(value, start, positions))
  }

  function nearest(positions: Positions, pointer: string, fallback: Resource['source']): Resource['source'] {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const pos = positions.get(p)
      if (pos) return {file, line: pos[0], column: pos[1], path: pointer}
      if (p === '') return {...fallback, path: pointer}
    }
  }
}

function missingIdentity(v: Record<string, unknown>): {code: string; field: string; pointer: string; message: string} | null {
  const problem = (field: string, message: string) => ({code: 'OBJECT_IDENTITY', field, pointer: '/' + field.replace('.', '/'), message})
  if (typeof v.apiVersion !== 'string' || v.apiVersion === '') return problem('apiVersion', 'apiVersion must be set')
  if (typeof v.kind !== 'string' || v.kind === '') return problem('kind', 'kind must be set')
  if (!isRecord(v.metadata)) return problem('metadata', 'metadata must be a map')
  if (v.metadata.name === undefined || v.metadata.name === null || v.metadata.name === '') return problem('metadata.name', 'Required value: name must be set')
  return null
}
