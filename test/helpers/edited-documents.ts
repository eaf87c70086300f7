import {parseResources} from '../../src/load/parse.js'
import type {Resource} from '../../src/model/resource.js'

/** Each document parsed as the editor parses it: at its line in the file; reused while its text and line stay. */
export function parser() {
  const kept = new Map<string, Resource[]>()
  return (docs: string[], reuse: boolean): Resource[] => {
    const out: Resource[] = []
    let line = 0
    const next = new Map<string, Resource[]>()
    for (const text of docs) {
      const key = `${line} ${text}`
      const resources = (reuse ? kept.get(key) : undefined) ?? parseResources(text, 'edited.yaml', {line, column: 0}).resources
      next.set(key, resources)
      out.push(...resources)
      line += text.split('\n').length - 1
    }
    if (reuse) {
      kept.clear()
      for (const [k, v] of next) kept.set(k, v)
    }
    return out
  }
}
