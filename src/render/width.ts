/**
 * How wide text output may be, as kubectl-style tools decide it: `COLUMNS` when set to a positive number,
 * else the terminal's width, else 80 (output to a pipe or file).
 */
export function outputWidth(stream: {isTTY?: boolean; columns?: number} = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS)
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns
  return 80
}

const ANSI = /\u001b\[[0-9;]*m/g

/** Width as the terminal shows it: colour codes take no room. */
export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length
}

/**
 * Wraps every line longer than `width` at spaces. Continuation lines keep the line's hanging indent: the
 * column after its label (`Verdict   DENY — …` continues under `DENY`), else its own indentation. A single
 * word longer than the room (a URL, a path) is left whole rather than broken.
 */
export function fitToWidth(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => wrapLine(line, width))
    .join('\n')
}

export function wrapLine(line: string, width: number, column?: number): string {
  if (visibleLength(line) <= width) return line
  const hang = column === undefined ? hangingIndent(line) : rawIndex(line, column)
  const room = Math.max(width - hang.visible, Math.floor(width / 2))
  const indent = ' '.repeat(width - room)
  const head = line.slice(0, hang.raw)
  const words = line.slice(hang.raw).split(/(?<=\S) (?=\S)/)
  const lines: string[] = []
  let current = ''
  for (const word of words) {
    if (current && visibleLength(current) + 1 + visibleLength(word) > room) {
      lines.push(current)
      current = word
    } else current = current ? `${current} ${word}` : word
  }
  lines.push(current)
  return [head + lines[0], ...lines.slice(1).map((l) => indent + l)].join('\n')
}

/** Where a line's text starts after a label padded with spaces (`Request   …`), within its first 30 columns. */
function hangingIndent(line: string): {visible: number; raw: number} {
  const visible = line.replace(ANSI, '')
  const lead = visible.length - visible.trimStart().length
  const label = /^(\s*\S+(?: \S+)?\s{2,})\S/.exec(visible.slice(0, 32))
  return rawIndex(line, label ? label[1].length : lead)
}

/** A visible column as an index into the raw string: colour codes before it shift it. */
function rawIndex(line: string, hang: number): {visible: number; raw: number} {
  let raw = 0
  for (let seen = 0; seen < hang && raw < line.length; ) {
    const m = /^\u001b\[[0-9;]*m/.exec(line.slice(raw))
    if (m) raw += m[0].length
    else {
      raw++
      seen++
    }
  }
  return {visible: hang, raw}
}
