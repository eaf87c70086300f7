import {isScalar, Scalar, type LineCounter} from 'yaml'
import {parseResources, type Parsed} from '../load/parse.js'

/**
 * Parses Kubernetes YAML written as a block scalar inside a scenario (`resources: |`, `apply: |`) so that
 * every line and column points into the scenario file itself, not into the extracted text.
 */
export function parseInlineResources(node: unknown, source: string, lc: LineCounter, file: string): Parsed {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return {resources: [], diagnostics: []}
  const header = lc.linePos(node.range[0]).line
  const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED
  const lineShift = block ? header : header - 1
  const firstContent = source.slice(node.range[0]).split('\n').slice(block ? 1 : 0).find((l) => l.trim() !== '') ?? ''
  const colShift = block ? firstContent.length - firstContent.trimStart().length : 0
  const parsed = parseResources(node.value, file)
  const move = <T extends {line: number; column: number}>(s: T): T => ({...s, line: s.line + lineShift, column: s.column + colShift})
  return {
    resources: parsed.resources.map((r) => ({
      ...r,
      source: move(r.source),
      positions: new Map([...r.positions].map(([k, [line, col]]) => [k, [line + lineShift, col + colShift] as const])),
    })),
    diagnostics: parsed.diagnostics.map((d) => ({...d, source: move(d.source)})),
  }
}
