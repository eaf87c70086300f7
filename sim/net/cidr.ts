import {BoundedMemo} from '../bounded-memo.js'

/**
 * IPv4/IPv6 addresses and CIDR ranges as BigInts, with Go net.ParseCIDR's strictness (no leading "+",
 * octets ≤ 255, prefix within the family's bit length). Host bits may be set, as Go and Envoy accept.
 */
export interface Cidr {
  family: 4 | 6
  base: bigint
  prefix: number
}

// Go (≥1.17) refuses leading zeros in IPv4 octets and in prefix lengths.
const DECIMAL = '(?:0|[1-9]\\d{0,2})'
const IPV4 = new RegExp(`^${DECIMAL}(?:\\.${DECIMAL}){3}$`)
const PREFIX = new RegExp(`^${DECIMAL}$`)

/**
 * Each text is parsed once and its (frozen) result shared: a trace tests the ranges of every filter chain it
 * passes, and the editor traces and explains on every keystroke, mostly the same ranges.
 */
function memoised<T extends object>(read: (text: string) => T | null): (text: string) => T | null {
  const known = new BoundedMemo<T | null>(100_000)
  return (text) =>
    known.get(text, () => {
      const value = read(text)
      return value && Object.freeze(value)
    })
}

export const parseIp = memoised(readIp)

function readIp(text: string): {family: 4 | 6; value: bigint} | null {
  if (IPV4.test(text)) {
    const parts = text.split('.').map(Number)
    if (parts.some((p) => p > 255)) return null
    return {family: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n)}
  }
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return null
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groups = (s: string) => (s === '' ? [] : s.split(':'))
  let head = groups(halves[0])
  let tail = halves.length === 2 ? groups(halves[1]) : []
  const expand = (gs: string[]): string[] | null => {
    const last = gs[gs.length - 1]
    if (last && last.includes('.')) {
      const v4 = parseIp(last)
      if (!v4 || v4.family !== 4) return null
      return [...gs.slice(0, -1), ((v4.value >> 16n) & 0xffffn).toString(16), (v4.value & 0xffffn).toString(16)]
    }
    return gs
  }
  const h = expand(head)
  const t = expand(tail)
  if (!h || !t) return null
  head = h
  tail = t
  const missing = 8 - head.length - tail.length
  if ((halves.length === 1 && missing !== 0) || missing < 0 || (halves.length === 2 && missing < 1)) return null
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  let value = 0n
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null
    value = (value << 16n) | BigInt(parseInt(g, 16))
  }
  return {family: 6, value}
}

export const parseCidr = memoised(readCidr)

function readCidr(text: string): Cidr | null {
  const slash = text.indexOf('/')
  if (slash < 0) return null
  const ip = parseIp(text.slice(0, slash))
  const prefixText = text.slice(slash + 1)
  if (!ip || !PREFIX.test(prefixText)) return null
  const prefix = Number(prefixText)
  if (prefix > (ip.family === 4 ? 32 : 128)) return null
  return {family: ip.family, base: ip.value, prefix}
}

/** A bare IP as a host route (/32 or /128), or a CIDR. */
export const parseCidrOrIp = memoised(readCidrOrIp)

function readCidrOrIp(text: string): Cidr | null {
  if (text.includes('/')) return parseCidr(text)
  const ip = parseIp(text)
  return ip ? {family: ip.family, base: ip.value, prefix: ip.family === 4 ? 32 : 128} : null
}

export function cidrContains(cidr: Cidr, ip: {family: 4 | 6; value: bigint}): boolean {
  if (cidr.family !== ip.family) return false
  const bits = BigInt(cidr.family === 4 ? 32 : 128)
  const shift = bits - BigInt(cidr.prefix)
  return cidr.base >> shift === ip.value >> shift
}

/**
 * Whether `ipText` lies in `cidrText`. An unknown IP (a name resolved by DNS to an address the input does
 * not state) is taken to be a public address outside every range but the all-addresses ones (/0).
 */
export function inRange(cidrText: string, ipText: string | undefined): boolean {
  const cidr = parseCidrOrIp(cidrText)
  if (!cidr) return false
  if (ipText === undefined) return cidr.prefix === 0
  const ip = parseIp(ipText)
  return ip !== null && cidrContains(cidr, ip)
}

/** Do two ranges share any address? */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false
  const p = Math.min(a.prefix, b.prefix)
  const bits = BigInt(a.family === 4 ? 32 : 128)
  const shift = bits - BigInt(p)
  return a.base >> shift === b.base >> shift
}

/** "10.0.0.5/24" → "10.0.0.0/24": Envoy masks the host bits of prefix_ranges. */
export function formatCidr(c: Cidr): string {
  const bits = c.family === 4 ? 32 : 128
  const base = c.prefix === 0 ? 0n : (c.base >> BigInt(bits - c.prefix)) << BigInt(bits - c.prefix)
  if (c.family === 4) return `${[24n, 16n, 8n, 0n].map((s) => (base >> s) & 255n).join('.')}/${c.prefix}`
  const groups = Array.from({length: 8}, (_, i) => ((base >> BigInt(112 - 16 * i)) & 0xffffn).toString(16))
  return `${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${c.prefix}`
}
