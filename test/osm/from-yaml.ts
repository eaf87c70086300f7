/** Resources from YAML text, with the text's real lines, so validation tests can assert `source.line`. */
import {isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments} from 'yaml'
import type {Resource} from '../../src/model/resource.js'

export function fromYaml(text: string, file = 'test.yaml'): Resource[] {
  const lineCounter = new LineCounter()
  return parseAllDocuments(text, {lineCounter}).map((doc) => {
    const positions = new Map<string, readonly [number, number]>()
    walk(doc.contents as Node, '', positions, lineCounter)
    return toResource(doc.toJS() as Record<string, unknown>, positions, file)
  })
}

function walk(node: Node | null, path: string, positions: Map<string, readonly [number, number]>, lc: LineCounter): void {
  if (!node) return
  if (node.range) {
    const {line, col} = lc.linePos(node.range[0])
    positions.set(path, [line, col])
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      walk(pair.value as Node | null, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, positions, lc)
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walk(item as Node | null, `${path}/${i}`, positions, lc))
  }
}

function toResource(raw: Record<string, unknown>, positions: Resource['positions'], file: string): Resource {
  const md = (raw.metadata ?? {}) as {name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>}
  const metadata = {name: md.name ?? '', namespace: md.namespace ?? '', labels: md.labels ?? {}, annotations: md.annotations ?? {}}
  const kind = String(raw.kind)
  return {
    apiVersion: String(raw.apiVersion),
    kind,
    metadata,
    spec: raw.spec,
    raw,
    ref: {kind, namespace: metadata.namespace, name: metadata.name},
    source: {file, line: positions.get('')?.[0] ?? 1, column: 1, path: ''},
    positions,
  }
}
