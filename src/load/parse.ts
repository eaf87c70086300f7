import {isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Alias, type Node} from 'yaml'
import type {Diagnostic} from '../model/diagnostic.js'
import type {Resource} from '../model/resource.js'
import {resourceOf} from './resource.js'

type Positions = Map<string, readonly [number, number]>

/** Where a text starts inside a larger file (a document of an edited file, a scenario's inline block). */
export interface Embedding {
  /** Lines before the text's first line. */
  line: number
  /** Columns before the text on every line (a YAML block scalar's indentation). */
  column: number
}

type Locate = (offset: number) => readonly [line: number, column: number]

export interface Parsed {
  resources: Resource[]
  diagnostics: Diagnostic[]
}

/**
 * Parses multi-document YAML (or JSON) into Resources. A `kind: List` contributes its items. Every value
 * keeps its line and column; nothing of the yaml library's node types leaves this function.
 */
export function parseResources(text: string, file: string, embedded: Embedding = {line: 0, column: 0}): Parsed {
  const lineCounter = new LineCounter()
  const locate: Locate = (offset) => {
    const {line, col} = lineCounter.linePos(offset)
    return [line + embedded.line, col + embedded.column]
  }
  const docs = parseAllDocuments(text, {lineCounter, uniqueKeys: true, prettyErrors: false})
  const resources: Resource[] = []
  const diagnostics: Diagnostic[] = []
  const at = (offset: number) => {
    const [line, column] = locate(offset)
    return {file, line, column, path: ''}
  }
  const docList = Array.isArray(docs) ? docs : [docs]
  for (const doc of docList) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors.slice(0, 1)) {
        diagnostics.push({code: 'YAML_SYNTAX', severity: 'error', field: '', message: firstLine(e.message), source: at(e.pos[0])})
      }
      continue
    }
    if (doc.contents === null) continue
    const positions: Positions = new Map()
    const resolve = (a: Alias) => (a.resolve(doc) as Node | undefined) ?? null
    const value = toPlain(doc.contents as Node, '', positions, locate, resolve)
    const start = at((doc.contents as Node).range?.[0] ?? 0)
    // An empty document (only comments, or "---" twice) is skipped, as kubectl does.
    if (value === null) continue
    if (!isRecord(value)) {
      diagnostics.push({code: 'OBJECT_NOT_A_MAP', severity: 'error', field: '', message: 'a Kubernetes object must be a map', source: start})
      continue
    }
    if (value.kind === 'List' || (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items))) {
      const items = Array.isArray(value.items) ? value.items : []
      items.forEach((item, i) => {
        const prefix = `/items/${i}`
        const itemPositions: Positions = new Map()
        for (const [k, v] of positions) if (k === prefix || k.startsWith(prefix + '/')) itemPositions.set(k.slice(prefix.length), v)
        const pos = positions.get(prefix)
        const itemStart = pos ? {file, line: pos[0], column: pos[1], path: ''} : start
        addResource(item, itemPositions, itemStart)
      })
      continue
    }
    addResource(value, positions, start)
  }
  return {resources, diagnostics}

  function addResource(value: unknown, positions: Positions, source: Resource['source']): void {
    if (!isRecord(value)) {
      diagnostics.push({code: 'OBJECT_NOT_A_MAP', severity: 'error', field: '', message: 'a Kubernetes object must be a map', source})
      return
    }
    const problem = missingIdentity(value)
    if (problem) {
      const pos = nearest(positions, problem.pointer)
      diagnostics.push({
        code: 'OBJECT_IDENTITY',
        severity: 'error',
        field: problem.field,
        message: problem.message,
        source: pos ? {file, line: pos[0], column: pos[1], path: problem.pointer} : source,
      })
      return
    }
    resources.push(resourceOf(value, source, positions))
  }
}

function missingIdentity(v: Record<string, unknown>): {field: string; pointer: string; message: string} | null {
  if (typeof v.apiVersion !== 'string' || v.apiVersion === '')
    return {field: 'apiVersion', pointer: '/apiVersion', message: 'apiVersion must be set'}
  if (typeof v.kind !== 'string' || v.kind === '') return {field: 'kind', pointer: '/kind', message: 'kind must be set'}
  if (!isRecord(v.metadata)) return {field: 'metadata', pointer: '/metadata', message: 'metadata must be a map'}
  if (typeof v.metadata.name !== 'string' || v.metadata.name === '')
    return {field: 'metadata.name', pointer: '/metadata/name', message: 'Required value: name must be set'}
  return null
}

/**
 * Plain data from a yaml node, recording positions on the way: a map entry is placed at its key (where
 * "field:" is written, also when the value is a block on later lines), a sequence item at its "- ".
 */
function toPlain(node: Node | null, path: string, positions: Positions, locate: Locate, resolve: (a: Alias) => Node | null): unknown {
  if (node === null) return null
  if (!positions.has(path) && node.range) positions.set(path, locate(node.range[0]))
  if (isMap(node)) {
    const out: Record<string, unknown> = {}
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
      const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined
      if (keyStart !== undefined) positions.set(childPath, locate(keyStart))
      out[key] = toPlain(pair.value as Node | null, childPath, positions, locate, resolve)
    }
    return out
  }
  if (isSeq(node)) return node.items.map((item, i) => toPlain(item as Node | null, `${path}/${i}`, positions, locate, resolve))
  if (isScalar(node)) return node.value
  if (isAlias(node)) return toPlain(resolve(node), path, positions, locate, resolve)
  return null
}

function nearest(positions: Positions, pointer: string): readonly [number, number] | undefined {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const pos = positions.get(p)
    if (pos || p === '') return pos
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function firstLine(s: string): string {
  return s.split('\n')[0]
}
