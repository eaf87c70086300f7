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
  const firstContent =
    source
      .slice(node.range[0])
      .split('\n')
      .slice(block ? 1 : 0)
      .find((l) => l.trim() !== '') ?? ''
  const colShift = block ? firstContent.length - firstContent.trimStart().length : 0
  return parseResources(node.value, file, {line: lineShift, column: colShift})
}
