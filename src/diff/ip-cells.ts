import {parseCidrOrIp} from '../../sim/net/cidr.js'

/**
 * One address in each cell of the partition that the ranges induce (addresses inside exactly the same set
 * of ranges share a cell), for IPv4 and IPv6 separately. Addresses outside every range are left to the
 * caller: a name resolved by DNS is modelled as such an address.
 */
export function ipCells(ranges: readonly string[]): string[] {
  const out: string[] = []
  for (const family of [4, 6] as const) {
    const spans = ranges.flatMap((r) => {
      const c = parseCidrOrIp(r)
      if (!c || c.family !== family) return []
      const host = BigInt(family === 4 ? 32 : 128) - BigInt(c.prefix)
      const start = (c.base >> host) << host
      return [[start, start + (1n << host)] as const]
    })
    const bounds = [...new Set(spans.flatMap(([s, e]) => [s, e]))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    for (let k = 0; k + 1 < bounds.length; k++) {
      // Inside the cell, away from its first address when there is room (10.0.0.1 rather than 10.0.0.0).
      const pick = bounds[k + 1] - bounds[k] > 2n ? bounds[k] + 1n : bounds[k]
      if (spans.some(([s, e]) => s <= bounds[k] && bounds[k] < e)) out.push(formatIp(family, pick))
    }
  }
  return out
}

function formatIp(family: 4 | 6, v: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.')
  return Array.from({length: 8}, (_, k) => ((v >> BigInt(112 - 16 * k)) & 0xffffn).toString(16)).join(':')
}
