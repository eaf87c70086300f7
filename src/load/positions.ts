/**
 * Where every value of a loaded object was written. The loader records one source offset per value in a
 * tree shaped like the value itself (aliases and merge keys share subtrees instead of copying them);
 * `Positions` answers JSON-pointer lookups from it and turns offsets into line:column only when asked.
 */

/** A scalar's offset, or a collection's offset with its children's positions. */
export type PosNode = number | PosMap | PosSeq

/** A map: where it sits (at its key inside a map, else where it starts) and its entries, [name, node, …]. */
export class PosMap {
  private index: Map<string, PosNode> | undefined

  constructor(
    readonly at: number,
    readonly entries: Array<string | PosNode> = [],
  ) {}

  get(name: string): PosNode | undefined {
    const e = this.entries
    // Maps are small; a large one (a ConfigMap's data) gets an index on first lookup.
    if (e.length > 32) {
      this.index ??= new Map(Array.from({length: e.length / 2}, (_, i) => [e[2 * i] as string, e[2 * i + 1] as PosNode]))
      return this.index.get(name)
    }
    for (let i = 0; i < e.length; i += 2) if (e[i] === name) return e[i + 1] as PosNode
    return undefined
  }

  /** While the map is being built: a repeated name replaces its earlier position. */
  set(name: string, node: PosNode, replace: boolean): void {
    const e = this.entries
    if (replace) for (let i = 0; i < e.length; i += 2) if (e[i] === name) return void (e[i + 1] = node)
    e.push(name, node)
  }
}

export class PosSeq {
  constructor(
    readonly at: number,
    readonly items: PosNode[] = [],
  ) {}
}

export function offsetOf(node: PosNode): number {
  return typeof node === 'number' ? node : node.at
}

/** The same children under another offset (an alias or a list item placed where it is used). */
export function placedAt(node: PosNode, at: number): PosNode {
  if (typeof node === 'number') return at
  return node instanceof PosMap ? new PosMap(at, node.entries) : new PosSeq(at, node.items)
}

export function child(node: PosNode | undefined, key: string | number): PosNode | undefined {
  if (node instanceof PosMap) return node.get(String(key))
  if (node instanceof PosSeq && typeof key === 'number') return node.items[key]
  return undefined
}

/** Offsets of one text → 1-based line and column, shifted when the text sits inside a larger file. */
export class LineIndex {
  private readonly starts: number[] = [0]

  constructor(
    text: string,
    private readonly shift: {line: number; column: number} = {line: 0, column: 0},
  ) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1)
  }

  locate(offset: number): readonly [line: number, column: number] {
    const starts = this.starts
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return [lo + 1 + this.shift.line, offset - starts[lo] + 1 + this.shift.column]
  }
}

/** The positions of one object, keyed by JSON pointer ("/spec/hosts/0"), as the Resource model exposes them. */
export class Positions implements ReadonlyMap<string, readonly [line: number, column: number]> {
  private memo: Map<string, readonly [number, number]> | undefined

  constructor(
    private readonly root: PosNode,
    private readonly lines: LineIndex,
  ) {}

  get(pointer: string): readonly [number, number] | undefined {
    // Validation and compilation ask for the same few fields of an object again and again.
    const known = this.memo?.get(pointer)
    if (known !== undefined) return known
    const node = this.find(pointer)
    if (node === undefined) return undefined
    const at = this.lines.locate(offsetOf(node))
    ;(this.memo ??= new Map()).set(pointer, at)
    return at
  }

  has(pointer: string): boolean {
    return this.find(pointer) !== undefined
  }

  get size(): number {
    let n = 0
    for (const _ of walk(this.root, '')) n++
    return n
  }

  forEach(fn: (value: readonly [number, number], key: string, map: ReadonlyMap<string, readonly [number, number]>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this)
  }

  *entries(): MapIterator<[string, readonly [number, number]]> {
    for (const [pointer, node] of walk(this.root, '')) yield [pointer, this.lines.locate(offsetOf(node))]
  }

  *keys(): MapIterator<string> {
    for (const [pointer] of walk(this.root, '')) yield pointer
  }

  *values(): MapIterator<readonly [number, number]> {
    for (const [, v] of this.entries()) yield v
  }

  [Symbol.iterator](): MapIterator<[string, readonly [number, number]]> {
    return this.entries()
  }

  private find(pointer: string): PosNode | undefined {
    let node: PosNode | undefined = this.root
    if (pointer === '') return node
    if (pointer.charCodeAt(0) !== 47 /* / */) return undefined
    for (let from = 1; node !== undefined; ) {
      let end = pointer.indexOf('/', from)
      if (end === -1) end = pointer.length
      if (node instanceof PosMap) {
        const raw = pointer.slice(from, end)
        node = node.get(raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw)
      } else if (node instanceof PosSeq) node = node.items[arrayIndex(pointer, from, end)]
      else return undefined
      if (end === pointer.length) return node
      from = end + 1
    }
    return undefined
  }
}

/** A JSON-pointer array index ("0", "12"; no sign, no leading zero), or -1. */
function arrayIndex(pointer: string, from: number, end: number): number {
  if (end === from || end - from > 9 || (end - from > 1 && pointer.charCodeAt(from) === 48)) return -1
  let n = 0
  for (let i = from; i < end; i++) {
    const d = pointer.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}

function* walk(node: PosNode, pointer: string): Generator<[string, PosNode]> {
  yield [pointer, node]
  if (node instanceof PosSeq) for (let i = 0; i < node.items.length; i++) yield* walk(node.items[i], `${pointer}/${i}`)
  else if (node instanceof PosMap)
    for (let i = 0; i < node.entries.length; i += 2)
      yield* walk(node.entries[i + 1] as PosNode, `${pointer}/${(node.entries[i] as string).replace(/~/g, '~0').replace(/\//g, '~1')}`)
}
