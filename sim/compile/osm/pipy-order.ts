import {parseCidr} from '../../net/cidr.js'

/**
 * Go's sort.Sort for the slices osm-edge sorts: pdqsort hands slices of up to 12 elements to an insertion
 * sort (sort/zsortinterface.go), which is what this is. Equal elements keep their order. Longer slices
 * are sorted the same way here, which Go's pdqsort only approximates; 13 destinations on one port or 13
 * route rules for one host are not expected.
 */
export function goInsertionSort<T>(items: readonly T[], less: (a: T, b: T) => boolean): T[] {
  const out = [...items]
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0 && less(out[j], out[j - 1]); j--) [out[j], out[j - 1]] = [out[j - 1], out[j]]
  }
  return out
}

/**
 * osm-edge repo/policy.go OutboundTrafficMatchSlice.Less, on the DestinationIPRanges of two traffic
 * matches: a match without ranges sorts before one with ranges; between two with ranges, each list is
 * sorted most specific first (cidr.DescSortCIDRs) and the first position where `a` is more specific
 * (longer mask, or the same mask and a higher address: cidr.CompareCIDR) puts `a` first; failing that,
 * the longer list. Only valid CIDRs may reach this (Go would dereference a nil CIDR otherwise).
 */
export function pipyMatchLess(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 && b.length === 0) return false
  if (a.length > 0 && b.length === 0) return false
  if (a.length === 0 && b.length > 0) return true
  const ac = descending(a)
  const bc = descending(b)
  for (let n = 0; n < Math.min(ac.length, bc.length); n++) if (compareCidr(ac[n], bc[n]) === 1) return true
  return a.length > b.length
}

interface Net {
  prefix: number
  base: bigint
}

function descending(cidrs: readonly string[]): Net[] {
  const nets = cidrs.map((c) => {
    const p = parseCidr(c)!
    const shift = BigInt((p.family === 4 ? 32 : 128) - p.prefix)
    return {prefix: p.prefix, base: (p.base >> shift) << shift}
  })
  // cidr.DescSortCIDRs: longer masks first; equal masks by address, higher first.
  return goInsertionSort(nets, (x, y) => (x.prefix === y.prefix ? x.base >= y.base : x.prefix > y.prefix))
}

/** cidr.CompareCIDR: by mask length, then by network address. */
function compareCidr(a: Net, b: Net): -1 | 0 | 1 {
  if (a.prefix !== b.prefix) return a.prefix > b.prefix ? 1 : -1
  return a.base === b.base ? 0 : a.base > b.base ? 1 : -1
}
