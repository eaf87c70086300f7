import {isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node} from 'yaml'
import type {Resource} from '../../src/model/resource.js'
import type {ModelSet} from '../../src/model/set.js'

let counter = 0

/**
 * A Resource from a plain object, as if loaded from a YAML file: the object is written out as YAML and
 * every value gets the line and column it has there. Use `lineOf` to ask where a value sits.
 *
 * @example resource({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'default'}})
 */
export function resource<Spec = unknown>(obj: Record<string, unknown>, file = `test-${++counter}.yaml`): Resource<Spec> {
  const text = stringify(obj)
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter})
  const positions = new Map<string, readonly [number, number]>()
  const visit = (node: Node | null, ptr: string) => {
    if (!node) return
    const {line, col} = lineCounter.linePos(node.range?.[0] ?? 0)
    positions.set(ptr, [line, col])
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
        visit(pair.value as Node, `${ptr}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`)
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => visit(item as Node, `${ptr}/${i}`))
  }
  visit(doc.contents as Node, '')
  positions.set('', [1, 1])
  const md = (obj.metadata ?? {}) as Record<string, unknown>
  const kind = String(obj.kind)
  const name = String(md.name)
  const namespace = typeof md.namespace === 'string' ? md.namespace : ''
  return {
    apiVersion: String(obj.apiVersion),
    kind,
    metadata: {
      name,
      namespace,
      labels: (md.labels as Record<string, string>) ?? {},
      annotations: (md.annotations as Record<string, string>) ?? {},
      ...(typeof md.creationTimestamp === 'string' ? {creationTimestamp: md.creationTimestamp} : {}),
    },
    spec: (kind === 'ConfigMap' ? obj.data : obj.spec) as Spec,
    raw: obj,
    ref: {kind, namespace, name},
    source: {file, line: 1, column: 1, path: ''},
    positions,
  }
}

/** The line a value was written on, by JSON pointer ("/spec/hosts/0"). */
export function lineOf(r: Resource, pointer: string): number {
  const pos = r.positions.get(pointer)
  if (!pos) throw new Error(`no value at ${pointer} in ${r.ref.kind}/${r.ref.name}`)
  return pos[0]
}

export function modelSet(...objects: Array<Record<string, unknown> | Resource>): ModelSet {
  return {resources: objects.map((o) => ('positions' in o ? (o as Resource) : resource(o)))}
}
