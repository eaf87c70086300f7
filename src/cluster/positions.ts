import {yamlPositions} from './yaml-layout.js'

type Position = readonly [line: number, column: number]

/** The positions of an object read from the cluster, in the YAML `snapshot` prints for it, laid out on first use. */
export class PositionsOnDemand implements ReadonlyMap<string, Position> {
  #map: ReadonlyMap<string, Position> | undefined

  constructor(private readonly object: Record<string, unknown>) {}

  private get map(): ReadonlyMap<string, Position> {
    this.#map ??= yamlPositions(this.object)
    return this.#map
  }

  get size() {
    return this.map.size
  }
  get(pointer: string) {
    return this.map.get(pointer)
  }
  has(pointer: string) {
    return this.map.has(pointer)
  }
  forEach(fn: (value: Position, key: string, map: ReadonlyMap<string, Position>) => void) {
    this.map.forEach((v, k) => fn(v, k, this))
  }
  entries() {
    return this.map.entries()
  }
  keys() {
    return this.map.keys()
  }
  values() {
    return this.map.values()
  }
  [Symbol.iterator]() {
    return this.map[Symbol.iterator]()
  }
}
