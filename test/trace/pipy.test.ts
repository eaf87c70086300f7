/**
 * osm-edge v1.3.9 codebase/modules/outbound-main.js makePortHandler: the first destination (in the listed
 * order) with a range holding the address, else the first one without ranges; nothing about SNI or ALPN.
 */
import {describe, expect, test} from 'vitest'
import type {ConnectionAttributes} from '../../sim/trace/attributes.js'
import {pipyClosedExit, pipyRotatedEndpoint, selectPipyDestination} from '../../sim/trace/pipy.js'
import type {FilterChain} from '../../sim/rules/types.js'
import {chain} from '../helpers/rules.js'

const conn = (c: Partial<ConnectionAttributes>): ConnectionAttributes => ({dstPort: 443, transport: 'raw_buffer', alpn: [], ...c})
const tied = (ch: FilterChain, ...with_: string[]): FilterChain => ({...ch, orderOpenWith: with_})

describe('selectPipyDestination', () => {
  test.each([
    {
      name: 'a range holding the address wins over an earlier destination without ranges',
      chains: [chain('any', {destinationPort: 443}), chain('ten', {destinationPort: 443, prefixRanges: ['10.0.0.0/8']})],
      c: conn({dstIp: '10.1.2.3'}),
      want: {chain: 'ten', byRange: true},
    },
    {
      name: 'the first ranged destination holding the address, not the longest prefix (Envoy would pick the /16)',
      chains: [chain('wide', {destinationPort: 443, prefixRanges: ['10.0.0.0/8']}), chain('narrow', {destinationPort: 443, prefixRanges: ['10.1.0.0/16']})],
      c: conn({dstIp: '10.1.2.3'}),
      want: {chain: 'wide', byRange: true},
    },
    {
      name: 'outside every range, the first destination without ranges',
      chains: [chain('ten', {destinationPort: 443, prefixRanges: ['10.0.0.0/8']}), chain('a', {destinationPort: 443}), chain('b', {destinationPort: 443})],
      c: conn({dstIp: '8.8.8.8'}),
      want: {chain: 'a', byRange: false},
    },
    {
      name: 'an address resolved outside the simulation lies in no range',
      chains: [chain('ten', {destinationPort: 443, prefixRanges: ['10.0.0.0/8']})],
      c: conn({}),
      want: {chain: null, emptiedAt: 'prefix_ranges'},
    },
    {
      name: 'SNI and ALPN play no part',
      chains: [chain('sni', {destinationPort: 443, serverNames: ['a.com']})],
      c: conn({sni: 'b.com', transport: 'tls', alpn: ['h2']}),
      want: {chain: 'sni', byRange: false},
    },
    {
      name: 'no destination on the port',
      chains: [chain('other', {destinationPort: 80})],
      c: conn({}),
      want: {chain: null, emptiedAt: 'destination_port'},
    },
  ])('$name', ({chains, c, want}) => {
    const sel = selectPipyDestination(chains, c)
    expect({chain: sel.chain?.name ?? null, ...(sel.chain ? {byRange: sel.byRange} : {emptiedAt: sel.emptiedAt})}).toEqual(want)
  })

  test('a range new Netmask() refuses breaks the whole port (makePortHandler throws)', () => {
    const sel = selectPipyDestination([chain('ok', {destinationPort: 443}), chain('bad', {destinationPort: 443, prefixRanges: ['x10.0.0.0/8']})], conn({}))
    expect([sel.chain, sel.broken?.name]).toEqual([null, 'bad'])
  })

  test('a tie in Go map order is reported only when the rival would take this connection too', () => {
    const chains = [
      tied(chain('https', {destinationPort: 443}), 'tcp', 'ranged'),
      tied(chain('tcp', {destinationPort: 443}), 'https'),
      chain('ranged', {destinationPort: 443, prefixRanges: ['10.0.0.0/8']}),
    ]
    expect(selectPipyDestination(chains, conn({dstIp: '8.8.8.8'})).orderOpenWith).toEqual(['tcp'])
    expect(selectPipyDestination(chains, conn({dstIp: '10.0.0.1'})).orderOpenWith).toBeUndefined()
  })
})

describe('how a Pipy connection ends and where an https cluster sends it', () => {
  test('Pipy 0.90.3 closes with FIN after reading the request: curl 52, or 35 inside a TLS handshake', () => {
    expect([pipyClosedExit('http'), pipyClosedExit('tcp'), pipyClosedExit('tls')]).toEqual([52, 52, 35])
  })

  test('the endpoint named like the SNI, the others being what the rotation may pick instead', () => {
    const cluster = {
      name: '443',
      type: 'STRICT_DNS' as const,
      endpoints: [
        {host: 'a.org', port: 443},
        {host: 'b.org', port: 443},
      ],
      origin: {from: 'default' as const, says: ''},
    }
    expect(pipyRotatedEndpoint(cluster, 'B.org')).toEqual({endpoint: {host: 'b.org', port: 443}, matchesSni: true, others: ['a.org:443']})
    expect(pipyRotatedEndpoint(cluster, undefined)).toEqual({endpoint: {host: 'a.org', port: 443}, matchesSni: false, others: ['b.org:443']})
  })
})
