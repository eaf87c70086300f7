import {visibleLength, wrapLine} from './width.js'

/**
 * Left-aligned columns separated by two spaces, like kubectl get; the first row is the header. A table
 * wider than `width` is laid out as one block per row instead (the first column, then each other column as
 * `header: value`, wrapped), as kubectl describe reads, so nothing runs past the terminal's edge.
 */
export function columns(rows: string[][], width = Infinity): string {
  if (rows.length === 0) return ''
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => visibleLength(r[i] ?? ''))))
  const lines = rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - visibleLength(c))))
      .join('  ')
      .trimEnd(),
  )
  if (lines.every((l) => visibleLength(l) <= width)) return lines.join('\n') + '\n'
  if (rows.length === 1) return ''
  const [header, ...body] = rows
  const label = Math.max(...header.slice(1).map((h) => h.length)) + 2
  const out: string[] = []
  for (const row of body) {
    out.push(wrapLine(row[0], width))
    for (let i = 1; i < row.length; i++) out.push(wrapLine(`  ${(header[i].toLowerCase() + ':').padEnd(label)}${row[i]}`, width, label + 2))
  }
  return out.join('\n') + '\n'
}
