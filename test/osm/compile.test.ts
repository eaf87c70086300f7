import {describe, expect, test} from 'vitest'
import {chains, compile, egress, hrgMatch, http, https, meshConfig, namespace, routeGroup, sidecar, strict, tcp, upstreamTrafficSetting, utsMatch} from './builders.js'
import {lineOf} from '../helpers/resource.js'

const HTTP_ALPN = ['http/1.0', 'http/1.1', 'h2c']
const base = () => [strict(), namespace('curl')]

describe('filter chains per protocol (osm.md §2.4, §2.7)', () => {
  test.each([
    {name: 'http', spec: {hosts: ['httpbin.org'], ports: [http(80)]}, want: [['egress-http.80', {destinationPort: 80, applicationProtocols: HTTP_ALPN}]]},
    {name: 'https with SNI', spec: {hosts: ['httpbin.org'], ports: [https(443)]}, want: [['egress-https.443', {destinationPort: 443, serverNames: ['httpbin.org']}]]},
    {name: 'https without hosts matches any SNI', spec: {ports: [https(443)]}, want: [['egress-https.443', {destinationPort: 443}]]},
    {name: 'tcp ignores hosts', spec: {hosts: ['a.com'], ports: [tcp(443)]}, want: [['egress-tcp.443', {destinationPort: 443}]]},
    {
      name: 'tcp with CIDRs, host bits masked',
      spec: {ipAddresses: ['10.0.0.5/24'], ports: [tcp(5432)]},
      want: [['egress-tcp.5432', {destinationPort: 5432, prefixRanges: ['10.0.0.0/24']}]],
    },
    {name: 'tcp-server-first', spec: {ports: [{number: 3306, protocol: 'tcp-server-first'}]}, want: [['egress-tcp-server-first.3306', {destinationPort: 3306}]]},
    {name: 'upper-case HTTP builds no chain', spec: {hosts: ['httpbin.org'], ports: [{number: 80, protocol: 'HTTP'}]}, want: null},
    {name: 'unknown protocol builds nothing', spec: {hosts: ['httpbin.org'], ports: [{number: 80, protocol: 'grpc'}]}, want: null},
    {
      name: 'some CIDRs invalid: the valid ones stay',
      spec: {ipAddresses: ['x10.0.0.0/8', '192.168.0.0/16'], ports: [tcp(22)]},
      want: [['egress-tcp.22', {destinationPort: 22, prefixRanges: ['192.168.0.0/16']}]],
    },
    {name: 'all CIDRs invalid: fail-open to any IP', spec: {ipAddresses: ['300.1.1.1/24', '10.0.0.0/33'], ports: [tcp(22)]}, want: [['egress-tcp.22', {destinationPort: 22}]]},
    {
      name: 'http ignores ipAddresses',
      spec: {hosts: ['a.com'], ipAddresses: ['10.0.0.0/8'], ports: [http(80)]},
      want: [['egress-http.80', {destinationPort: 80, applicationProtocols: HTTP_ALPN}]],
    },
  ])('$name', ({spec, want}) => {
    expect(chains(compile([...base(), egress('e', spec)]))).toEqual(want)
  })

  test('a chain decides as the Egress port that created it', () => {
    const e = egress('tcp-443', {ports: [http(80), tcp(443)]})
    const chain = sidecar(compile([...base(), e])).listeners[0].filterChains.find((c) => c.name === 'egress-tcp.443')!
    expect(chain.origin).toMatchObject({
      from: 'resource',
      ref: {kind: 'Egress', namespace: 'curl', name: 'tcp-443'},
      source: {path: '/spec/ports/1', line: lineOf(e, '- number: 443')},
    })
    expect(chain.action).toEqual({kind: 'tcp_proxy', cluster: '443', statPrefix: 'egress-tcp-proxy.443'})
  })

  test('server-first ports disable both inspectors; the listener waits 15 s elsewhere', () => {
    const table = compile([...base(), egress('db', {ports: [{number: 3306, protocol: 'tcp-server-first'}, tcp(5432)]})])
    expect(sidecar(table).listeners[0].inspectors).toEqual({tls: true, http: true, disabledOnPorts: [3306], timeoutSeconds: 15})
  })
})

describe('route configs and clusters (osm.md §2.5, §2.8, §2.9)', () => {
  test('one virtual host per host, domains host and host:port, wildcard route to the DNS cluster', () => {
    const e = egress('httpbin-80', {hosts: ['httpbin.org'], ports: [http(80)]})
    const proxy = sidecar(compile([...base(), e]))
    const rc = proxy.routeConfigs['rds-egress.80']
    expect(rc).toMatchObject({hostMatch: 'envoy', noRouteStatus: 404, ignorePortInHostMatching: false})
    expect(rc.virtualHosts.map((v) => [v.name, v.domains])).toEqual([['egress_virtual-host|httpbin.org', ['httpbin.org', 'httpbin.org:80']]])
    const [route] = rc.virtualHosts[0].routes
    expect(route.match.path).toEqual({kind: 'regex', value: '.*', mode: 'full'})
    expect(route.action).toEqual({kind: 'cluster', clusters: [{name: 'httpbin.org:80', weight: 100}]})
    expect(route.origin).toMatchObject({ref: {name: 'httpbin-80'}, source: {path: '/spec/hosts/0'}})
    expect(proxy.clusters['httpbin.org:80']).toMatchObject({type: 'STRICT_DNS', endpoints: [{host: 'httpbin.org', port: 80}]})
  })

  test('http without hosts: a chain and an empty route config (every request 404)', () => {
    const proxy = sidecar(compile([...base(), egress('e', {ports: [http(80)]})]))
    expect(proxy.listeners[0].filterChains.map((c) => c.name)).toEqual(['egress-http.80'])
    expect(proxy.routeConfigs['rds-egress.80'].virtualHosts).toEqual([])
  })

  test('HTTPRouteGroup matches become routes, one per method, origin at the Egress match', () => {
    const hrg = routeGroup('rg', [
      {name: 'get', pathRegex: '/get', methods: ['GET', 'HEAD', 'GET']},
      {name: 'status', pathRegex: '/status.*', headers: [{Host: 'httpbin.org'}]},
    ])
    const e = egress('httpbin-80', {hosts: ['httpbin.org'], ports: [http(80)], matches: [hrgMatch('rg')]})
    const routes = sidecar(compile([...base(), hrg, e])).routeConfigs['rds-egress.80'].virtualHosts[0].routes
    expect(routes.map((r) => [r.name, r.match.path?.value, r.match.headers.map((h) => `${h.name}=${h.match.value}`)])).toEqual([
      ['rg/get GET', '/get', [':method=GET']],
      ['rg/get HEAD', '/get', [':method=HEAD']],
      ['rg/status', '/status.*', [':method=.*', ':authority=httpbin.org']],
    ])
    expect(routes[0].origin).toMatchObject({ref: {kind: 'Egress', name: 'httpbin-80'}, source: {path: '/spec/matches/0', line: lineOf(e, '- apiGroup: specs.smi-spec.io')}})
  })

  test.each([
    {name: 'missing HTTPRouteGroup', extra: []},
    {name: 'undecodable HTTPRouteGroup (two keys in one headers element)', extra: [routeGroup('rg', [{name: 'x', headers: [{a: '1', b: '2'}]}])]},
  ])('$name ⇒ virtual host with zero routes', ({extra}) => {
    const e = egress('e', {hosts: ['httpbin.org'], ports: [http(80)], matches: [hrgMatch('rg')]})
    const vhosts = sidecar(compile([...base(), ...extra, e])).routeConfigs['rds-egress.80'].virtualHosts
    expect(vhosts.map((v) => [v.name, v.routes.length])).toEqual([['egress_virtual-host|httpbin.org', 0]])
  })

  test('tcp and https share the ORIGINAL_DST cluster of the port; UTS sets the connect timeout', () => {
    const e = egress('e', {hosts: ['a.com'], ports: [https(443), tcp(443)], matches: [utsMatch('slow')]})
    const proxy = sidecar(compile([...base(), upstreamTrafficSetting('slow', '1m30s'), e]))
    expect(proxy.clusters['443']).toMatchObject({type: 'ORIGINAL_DST', endpoints: [], connectTimeoutSeconds: 90})
  })

  test('upper-case HTTP still yields route config and clusters (they are just unreachable)', () => {
    const proxy = sidecar(compile([...base(), egress('e', {hosts: ['httpbin.org'], ports: [{number: 80, protocol: 'HTTP'}]})]))
    expect(proxy.listeners).toEqual([])
    expect(Object.keys(proxy.routeConfigs)).toEqual(['rds-egress.80'])
    expect(Object.keys(proxy.clusters)).toEqual(['httpbin.org:80'])
  })
})

describe('rejections (osm.md §2.6)', () => {
  test('the same host on one port in two policies ⇒ route config rejected and left out', () => {
    const a = egress('a', {hosts: ['httpbin.org'], ports: [http(80)]})
    const b = egress('b', {hosts: ['HTTPBIN.org'], ports: [http(80)]})
    const table = compile([...base(), a, b])
    expect(sidecar(table).routeConfigs).toEqual({})
    expect(sidecar(table).listeners[0].filterChains.map((c) => c.name)).toEqual(['egress-http.80'])
    expect(table.rejections).toMatchObject([
      {what: 'route config rds-egress.80', message: expect.stringContaining('Duplicate entry of domain httpbin.org'), origins: [{ref: {name: 'a'}}, {ref: {name: 'b'}}]},
    ])
  })

  test('a source listing the client twice applies the policy twice ⇒ duplicate domains', () => {
    const twice = [
      {kind: 'ServiceAccount', name: 'curl', namespace: 'curl'},
      {kind: 'ServiceAccount', name: 'curl', namespace: 'curl'},
    ]
    const table = compile([...base(), egress('e', {hosts: ['httpbin.org'], ports: [http(80)], sources: twice})])
    expect(table.rejections.map((r) => r.what)).toEqual(['route config rds-egress.80'])
  })

  test.each([
    {name: 'tcp 443 and https 443 without hosts', a: {ports: [tcp(443)]}, b: {ports: [https(443)]}},
    {name: 'https host lists that overlap', a: {hosts: ['a.com', 'b.com'], ports: [https(443)]}, b: {hosts: ['b.com'], ports: [https(443)]}},
    {name: 'tcp CIDR lists sharing an entry', a: {ipAddresses: ['10.0.0.0/8'], ports: [tcp(22)]}, b: {ipAddresses: ['10.0.0.0/8', '1.1.1.1/32'], ports: [tcp(22)]}},
  ])('$name ⇒ listener rejected, no outbound listener', ({a, b}) => {
    const table = compile([...base(), egress('a', a), egress('b', b)])
    expect(sidecar(table).listeners).toEqual([])
    expect(table.rejections).toMatchObject([{what: 'listener outbound-listener', origins: [{ref: {name: 'a'}}, {ref: {name: 'b'}}]}])
  })

  test.each([
    {name: 'identical policies are deduplicated', a: {ports: [tcp(443)]}, b: {ports: [tcp(443)]}, chains: 1},
    {name: 'nested CIDRs are not an overlap', a: {ipAddresses: ['10.0.0.0/8'], ports: [tcp(22)]}, b: {ipAddresses: ['10.1.0.0/16'], ports: [tcp(22)]}, chains: 2},
    {name: 'http and tcp on one port differ by ALPN', a: {hosts: ['a.com'], ports: [http(80)]}, b: {ports: [tcp(80)]}, chains: 2},
  ])('$name', ({a, b, chains: n}) => {
    const table = compile([...base(), egress('a', a), egress('b', b)])
    expect(table.rejections).toEqual([])
    expect(sidecar(table).listeners[0].filterChains).toHaveLength(n)
  })
})

describe('MeshConfig switches (osm.md §2.2, §3)', () => {
  const httpPolicy = () => egress('httpbin-80', {hosts: ['httpbin.org'], ports: [http(80)]})

  test('no chains and no passthrough ⇒ no listener at all', () => {
    expect(sidecar(compile(base())).listeners).toEqual([])
  })

  test('enableEgress ⇒ passthrough default chain whose origin is the MeshConfig field', () => {
    const mc = meshConfig({enableEgress: true, enablePermissiveTrafficPolicyMode: false})
    const proxy = sidecar(compile([mc, namespace('curl')]))
    const l = proxy.listeners[0]
    expect(l.filterChains).toEqual([])
    expect(l.defaultChain).toMatchObject({name: 'outbound-egress-filter-chain', action: {kind: 'tcp_proxy', cluster: 'passthrough-outbound'}})
    expect(l.defaultChain!.origin).toMatchObject({
      ref: {kind: 'MeshConfig', namespace: 'osm-system', name: 'osm-mesh-config'},
      source: {path: '/spec/traffic/enableEgress', line: lineOf(mc, 'enableEgress: true')},
    })
    expect(proxy.clusters['passthrough-outbound']).toMatchObject({type: 'ORIGINAL_DST'})
  })

  test('enableEgress with an http policy: v1.2 keeps the policy chain, main drops it', () => {
    const mc = meshConfig({enableEgress: true, enablePermissiveTrafficPolicyMode: false})
    const v12 = sidecar(compile([mc, namespace('curl'), httpPolicy()], {version: '1.2'}))
    const main = sidecar(compile([mc, namespace('curl'), httpPolicy()], {version: 'main'}))
    expect(v12.listeners[0].filterChains.map((c) => c.name)).toEqual(['egress-http.80'])
    expect(main.listeners[0].filterChains).toEqual([])
    expect(main.listeners[0].defaultChain?.name).toBe('outbound-egress-filter-chain')
    expect(main.routeConfigs).toEqual({})
  })

  test('enableEgressPolicy off: v1.2 builds no egress rules and no inspectors; main ignores the flag', () => {
    const mc = meshConfig({enableEgress: true, enablePermissiveTrafficPolicyMode: false}, {enableEgressPolicy: false})
    const v12 = sidecar(compile([mc, namespace('curl'), httpPolicy()]))
    expect(v12.listeners[0].filterChains).toEqual([])
    expect(v12.listeners[0].inspectors).toMatchObject({tls: false, http: false})
    const off = meshConfig({enableEgress: false, enablePermissiveTrafficPolicyMode: false}, {enableEgressPolicy: false})
    expect(chains(compile([off, namespace('curl'), httpPolicy()], {version: 'main'}))).toEqual([['egress-http.80', {destinationPort: 80, applicationProtocols: HTTP_ALPN}]])
  })

  test('no MeshConfig ⇒ v1.2 Helm defaults (passthrough on), said as an assumption with a default origin', () => {
    const table = compile([namespace('curl')])
    expect(table.assumptions.map((a) => a.code)).toContain('NO_MESHCONFIG')
    expect(sidecar(table).listeners[0].defaultChain?.origin).toMatchObject({from: 'default'})
  })

  test('UpstreamTrafficSetting missing: v1.2 skips the policy; main keeps its routes but not its chain or clusters', () => {
    const e = egress('e', {hosts: ['httpbin.org'], ports: [http(80)], matches: [utsMatch('gone')]})
    const other = egress('other', {hosts: ['example.com'], ports: [http(80)]})
    const v12 = sidecar(compile([...base(), e, other]))
    expect(v12.routeConfigs['rds-egress.80'].virtualHosts.map((v) => v.name)).toEqual(['egress_virtual-host|example.com'])
    const main = sidecar(compile([...base(), e, other], {version: 'main'}))
    expect(main.routeConfigs['rds-egress.80'].virtualHosts.map((v) => v.name)).toEqual(['egress_virtual-host|httpbin.org', 'egress_virtual-host|example.com'])
    expect(Object.keys(main.clusters)).toEqual(['example.com:80'])
  })
})

describe('which policies apply (osm.md §2.1)', () => {
  test('an Egress in an unmonitored namespace is ignored', () => {
    const table = compile([strict(), namespace('curl'), namespace('other', false), egress('e', {ports: [tcp(443)]}, 'other')])
    expect(sidecar(table).listeners).toEqual([])
  })

  test('an Egress in a namespace not described is assumed monitored', () => {
    const table = compile([strict(), namespace('curl'), egress('e', {ports: [tcp(443)]}, 'elsewhere')])
    expect(chains(table)).toEqual([['egress-tcp.443', {destinationPort: 443}]])
    expect(table.assumptions).toContainEqual(expect.objectContaining({code: 'NAMESPACE_ASSUMED_IN_MESH'}))
  })

  test('sources must name the ServiceAccount exactly', () => {
    const e = egress('e', {ports: [tcp(443)], sources: [{kind: 'ServiceAccount', name: 'Curl', namespace: 'curl'}]})
    expect(sidecar(compile([...base(), e])).listeners).toEqual([])
  })
})
