import {inRange} from '../../sim/net/cidr.js'
import type {MeshTable} from '../../sim/rules/types.js'
import {confirm} from './confirm.js'
import type {Destination} from './destinations.js'
import {otherHost} from './samples.js'
import type {Sentence, Traffic} from './types.js'

/** A port no policy is likely to name, for "any other TCP port". */
const UNLISTED_TCP_PORT = 9443
const OUTSIDE_ADDRESSES = ['192.0.2.10', '198.51.100.10', '203.0.113.10']

/**
 * What the mesh does with traffic no policy names: another host on each port a policy uses (HTTP by Host,
 * HTTPS by SNI, TCP by address), then plain HTTP on 80, HTTPS on 443 and TCP on an unlisted port.
 */
export function otherwise(table: MeshTable, destinations: readonly Destination[]): Sentence[] {
  const hosts = destinations.flatMap((d) => (d.what.host ? [d.what.host] : []))
  const host = otherHost(hosts)
  const probes = new Map<string, {what: Traffic; request: string[]}>()
  const add = (what: Traffic, request: string[]) => probes.set(`${what.protocol}:${what.port}`, {what, request})
  for (const d of destinations) {
    const {protocol, port, addresses} = d.what
    if (protocol === 'tcp') {
      if (addresses.length === 0) continue
      const named = destinations.filter((o) => o.what.port === port).flatMap((o) => o.what.addresses)
      const outside = OUTSIDE_ADDRESSES.find((a) => !named.some((cidr) => inRange(cidr, a))) ?? OUTSIDE_ADDRESSES[0]
      add({protocol, host: null, port, addresses: [], other: true}, ['nc', outside, String(port)])
    } else add({protocol, host: '*', port, addresses: [], other: true}, request(protocol, host, port))
  }
  if (!probes.has('http:80')) add({protocol: 'http', host: '*', port: 80, addresses: [], other: true}, request('http', host, 80))
  if (!probes.has('https:443')) add({protocol: 'https', host: '*', port: 443, addresses: [], other: true}, request('https', host, 443))
  if (!destinations.some((d) => d.what.port === UNLISTED_TCP_PORT))
    add({protocol: 'tcp', host: null, port: UNLISTED_TCP_PORT, addresses: [], other: true}, ['nc', host, String(UNLISTED_TCP_PORT)])
  return [...probes.values()].map((p) => confirm(table, p.what, p.request, null))
}

function request(protocol: 'http' | 'https', host: string, port: number): string[] {
  const defaultPort = protocol === 'http' ? 80 : 443
  return ['curl', '-s', `${protocol}://${host}${port === defaultPort ? '' : `:${port}`}/`]
}
