import {formatCidr, parseCidr} from '../../net/cidr.js'

/**
 * The valid entries of `texts` (as Go's net.ParseCIDR reads them), masked; the invalid ones are what OSM
 * logs and skips. The Egress CRD pattern is unanchored, so values such as "x10.0.0.0/8", "300.1.1.1/24"
 * or "10.0.0.0/33" reach OSM (osm.md §1.1, §2.7).
 */
export function splitCidrs(texts: readonly string[]): {valid: string[]; invalid: string[]} {
  const valid: string[] = []
  const invalid: string[] = []
  for (const t of texts) {
    const c = parseCidr(t)
    if (c) valid.push(formatCidr(c))
    else invalid.push(t)
  }
  return {valid, invalid}
}
