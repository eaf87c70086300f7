/**
 * A one-line status on a terminal's stderr, shown only once an operation has taken more than a moment, so
 * fast reads stay silent and pipes and CI logs never see carriage returns.
 */
export function progress(stream: NodeJS.WriteStream = process.stderr, afterMs = 400): {update(text: string): void; clear(): void} {
  const started = performance.now()
  let shown = false
  return {
    update(text) {
      if (!stream.isTTY || performance.now() - started < afterMs) return
      stream.write(`\r\x1b[K${text}`)
      shown = true
    },
    clear() {
      if (shown) stream.write('\r\x1b[K')
    },
  }
}
