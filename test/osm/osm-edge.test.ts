import {describe, expect, test} from 'vitest'
import {compile, egress, hrgMatch, http, https, meshConfig, namespace, routeGroup, sidecar, strict, tcp} from './builders.js'

const base = () => [strict(), namespace('curl')]
const edge = (resources: Parameters<typeof compile>[0]) => sidecar(compile(resources, {mesh: 'osm-edge'}))

describe('osm-edge Pipy sidecar (osm.md §8)', () => {
  test('nothing configured ⇒ no outbound listener; passthrough ⇒ default chain from the MeshConfig field', () => {
    expect(edge(base()).listeners).toEqual([])
    const proxy = edge([meshConfig({enableEgress: true, enablePermissiveTrafficPolicyMode: false}), namespace('curl')])
    expect(proxy.flavor).toBe('pipy')
    expect(proxy.listeners[0].defaultChain?.origin).toMatchObject({ref: {kind: 'MeshConfig'}, source: {path: '/spec/traffic/enableEgress'}})
  })

  test('protocol is lower-cased: HTTP works', () => {
    const proxy = edge([...base(), egress('e', {hosts: ['httpbin.org'], ports: [{number: 80, protocol: 'HTTP'}]})])
    expect(proxy.listeners[0].filterChains.map((c) => [c.name, c.match, c.action])).toEqual([
      ['egress-http.80', {destinationPort: 80}, {kind: 'http', routeConfig: 'rds-egress.80'}],
    ])
  })

  test('route config: exact host lookup, 403 when nothing matches, unanchored regexes, "*" without CONNECT/TRACE', () => {
    const hrg = routeGroup('rg', [{name: 'get', pathRegex: '/get', headers: [{'user-agent': 'curl'}]}])
    const rc = edge([...base(), hrg, egress('e', {hosts: ['httpbin.org'], ports: [http(80)], matches: [hrgMatch('rg')]})]).routeConfigs['rds-egress.80']
    expect(rc).toMatchObject({hostMatch: 'exact', noRouteStatus: 403})
    expect(rc.virtualHosts[0].routes[0].match).toEqual({
      path: {kind: 'regex', value: '/get', mode: 'search'},
      headers: [
        {name: ':method', match: {kind: 'regex', value: 'GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS', mode: 'full'}},
        // outbound-http-routing.js: `v.test(headers[k] || '')`, `matchPath(head.path)` (query included).
        {name: 'user-agent', match: {kind: 'regex', value: 'curl', mode: 'search'}, treatMissingAsEmpty: true},
      ],
      pathIncludesQuery: true,
    })
  })

  test('http ipAddresses become destination ranges', () => {
    const proxy = edge([...base(), egress('e', {hosts: ['a.com'], ipAddresses: ['10.0.0.0/8'], ports: [http(80)]})])
    expect(proxy.listeners[0].filterChains[0].match).toEqual({destinationPort: 80, prefixRanges: ['10.0.0.0/8']})
  })

  test('https: no SNI match, the cluster connects to the Egress hosts', () => {
    const proxy = edge([...base(), egress('e', {hosts: ['httpbin.org'], ports: [https(443)]})])
    expect(proxy.listeners[0].filterChains[0].match).toEqual({destinationPort: 443})
    expect(proxy.clusters['443']).toMatchObject({type: 'STRICT_DNS', endpoints: [{host: 'httpbin.org', port: 443}]})
  })

  test('no NACK: overlapping policies keep the first destination, duplicate hosts keep the last policy', () => {
    const table = compile([...base(), egress('a', {ports: [tcp(443)]}), egress('b', {ports: [https(443)]}), egress('c', {hosts: ['x.org'], ports: [http(80)]}), egress('d', {hosts: ['x.org'], ports: [http(80)]})], {mesh: 'osm-edge'})
    expect(table.rejections).toEqual([])
    const proxy = sidecar(table)
    expect(proxy.listeners[0].filterChains.map((c) => [c.name, c.origin.from === 'resource' && c.origin.ref.name])).toEqual([
      ['egress-tcp.443', 'a'],
      ['egress-http.80', 'c'],
    ])
    expect(proxy.routeConfigs['rds-egress.80'].virtualHosts.map((v) => v.origin.from === 'resource' && v.origin.ref.name)).toEqual(['d'])
  })
})
