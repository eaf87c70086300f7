import {describe, expect, test} from 'vitest'
import type {ConnectionAttributes} from '../../sim/trace/attributes.js'
import {chainMismatches, selectFilterChain, serverNameLadder} from '../../sim/trace/match-filter-chain.js'
import {chain} from '../helpers/rules.js'

const conn = (c: Partial<ConnectionAttributes>): ConnectionAttributes => ({dstPort: 443, transport: 'raw_buffer', alpn: [], ...c})

describe('selectFilterChain follows Envoy FilterChainMatch order', () => {
  test.each([
    {
      name: 'longest prefix wins over a wider range and over no range',
      chains: [
        chain('any', {destinationPort: 443}),
        chain('wide', {destinationPort: 443, prefixRanges: ['10.0.0.0/8']}),
        chain('narrow', {destinationPort: 443, prefixRanges: ['10.1.0.0/16']}),
      ],
      c: conn({dstIp: '10.1.2.3'}),
      want: 'narrow',
    },
    {
      name: 'exact SNI beats wildcard',
      chains: [chain('wild', {destinationPort: 443, serverNames: ['*.example.com']}), chain('exact', {destinationPort: 443, serverNames: ['api.example.com']})],
      c: conn({sni: 'api.example.com', transport: 'tls'}),
      want: 'exact',
    },
    {
      name: 'wildcard SNI matches deeper names but not the apex',
      chains: [chain('wild', {destinationPort: 443, serverNames: ['*.example.com']})],
      c: conn({sni: 'a.b.example.com', transport: 'tls'}),
      want: 'wild',
    },
    {
      name: 'no SNI falls to chains without server names',
      chains: [chain('sni', {destinationPort: 443, serverNames: ['httpbin.org']}), chain('tcp', {destinationPort: 443})],
      c: conn({}),
      want: 'tcp',
    },
    {
      name: 'server names are compared case-insensitively',
      chains: [chain('sni', {destinationPort: 443, serverNames: ['HTTPBIN.org']})],
      c: conn({sni: 'httpbin.ORG', transport: 'tls'}),
      want: 'sni',
    },
    {
      name: 'no backtracking: the prefix step picks the /32 chain, whose SNI then fails, and nothing is chosen',
      chains: [chain('ip', {destinationPort: 443, prefixRanges: ['1.2.3.4/32'], serverNames: ['a.com']}), chain('sni', {destinationPort: 443, serverNames: ['b.com']})],
      c: conn({dstIp: '1.2.3.4', sni: 'b.com', transport: 'tls'}),
      want: null,
    },
    {
      name: 'ALPN picks the HTTP chain for plaintext HTTP/1.1',
      chains: [chain('http', {destinationPort: 80, applicationProtocols: ['http/1.1', 'h2c']}), chain('tcp', {destinationPort: 80})],
      c: conn({dstPort: 80, alpn: ['http/1.1']}),
      want: 'http',
    },
    {
      name: 'HTTP/1.0 does not match an http/1.1,h2c chain',
      chains: [chain('http', {destinationPort: 80, applicationProtocols: ['http/1.1', 'h2c']})],
      c: conn({dstPort: 80, alpn: ['http/1.0']}),
      want: null,
    },
    {
      name: 'a chain without a port is used only when no chain names the port',
      chains: [chain('portless', {}), chain('p80', {destinationPort: 80})],
      c: conn({dstPort: 8080}),
      want: 'portless',
    },
    {
      name: 'transport tls beats unspecified transport',
      chains: [chain('tls', {destinationPort: 443, transportProtocol: 'tls'}), chain('plain', {destinationPort: 443})],
      c: conn({transport: 'tls'}),
      want: 'tls',
    },
    {
      name: 'an unknown destination address is not in a /8 but is in 0.0.0.0/0',
      chains: [chain('ten', {destinationPort: 443, prefixRanges: ['10.0.0.0/8']}), chain('all', {destinationPort: 443, prefixRanges: ['0.0.0.0/0']})],
      c: conn({}),
      want: 'all',
    },
  ])('$name', ({chains, c, want}) => {
    expect(selectFilterChain(chains, c).chain?.name ?? null).toBe(want)
  })
})

test('serverNameLadder lists the wildcards from most to least specific', () => {
  expect(serverNameLadder('a.b.example.com')).toEqual(['a.b.example.com', '*.b.example.com', '*.example.com', '*.com'])
})

test('chainMismatches names every unmet criterion', () => {
  const m = chainMismatches({destinationPort: 443, serverNames: ['httpbin.org']}, conn({dstPort: 80, alpn: ['http/1.1']}))
  expect(m.map((x) => x.field)).toEqual(['destination_port', 'server_names'])
})
