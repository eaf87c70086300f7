const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
}
const MAX_NANOS = (1n << 63n) - 1n

/**
 * Go's time.ParseDuration ("1m30s", "1.5h", "-2ms", "0"), which Istio's JSON decoding of durations and the
 * API server's CEL `duration()` both use: nanoseconds, or null when Go refuses the text.
 */
export function parseGoDuration(text: string): bigint | null {
  const m = /^([-+]?)(.*)$/s.exec(text)!
  const negative = m[1] === '-'
  let rest = m[2]
  if (rest === '0') return 0n
  if (rest === '') return null
  let total = 0n
  while (rest !== '') {
    const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/.exec(rest)
    if (!part || (part[1] === '' && (part[2] ?? '') === '')) return null
    const unit = UNIT_NANOS[part[3]]
    const fraction = part[2] ?? ''
    // Go keeps the fraction's precision to the nanosecond and truncates the rest.
    total += BigInt(part[1] || '0') * unit + (BigInt(fraction || '0') * unit) / 10n ** BigInt(fraction.length)
    if (total > MAX_NANOS) return null
    rest = rest.slice(part[0].length)
  }
  return negative ? -total : total
}

/** A non-negative duration in seconds (route timeouts, delays, connect timeouts); null when it is not one. */
export function parseDuration(text: string | undefined): number | null {
  const nanos = typeof text === 'string' ? parseGoDuration(text) : null
  return nanos === null || nanos < 0n ? null : Number(nanos) / 1e9
}
