const UNIT_SECONDS: Record<string, number> = {h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, 'µs': 1e-6, ns: 1e-9}

/** A protobuf/Go duration ("3s", "1m30s", "250ms") in seconds; null when it is not one. */
export function parseDuration(text: string | undefined): number | null {
  if (typeof text !== 'string' || !/^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(text)) return null
  let total = 0
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]]
  return total
}
