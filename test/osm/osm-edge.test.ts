/**
 * osm-edge's Pipy sidecar as osm-edge v1.3.9 builds its config: pkg/sidecar/providers/pipy/repo/util.go
 * generatePipyEgressTrafficRoutePolicy, repo/policy.go (newTrafficMatch, addDestinationIPRange,
 * newHTTPServiceRouteRules, the Less functions), repo/jobs.go reorder(), codebase/config.js and
 * codebase/modules/outbound-*.js. Expected values are read off that code, cited per test.
 */
import {describe, expect, test} from 'vitest'
import {compile, egress, hrgMatch, http, https, meshConfig, namespace, routeGroup, sidecar, strict, tcp} from './builders.js'
import {resource} from '../helpers/resource.js'
import {compileOsm} from '../../sim/compile/osm/index.js'
import {pipyCompilation} from '../../sim/compile/osm/pipy-sidecar.js'
import {readMeshSettings} from '../../sim/compile/osm/meshconfig.js'
import {modelSet} from '../helpers/resource.js'
import type {Resource} from '../../src/model/resource.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'

const base = () => [strict(), namespace('curl')]
const edge = (resources: Resource[]) => sidecar(compile(resources, {mesh: 'osm-edge'}))
const chainsOf = (resources: Resource[]) => edge(resources).listeners[0].filterChains
const owner = (o: {origin: {from: string; ref?: {name: string}}}) => (o.origin.from === 'resource' ? o.origin.ref!.name : o.origin.from)

function pipy(resources: Resource[]) {
  const set = modelSet(...resources)
  return pipyCompilation(set, {id: 'curl/curl', identity: {namespace: 'curl', serviceAccount: 'curl'}, settings: readMeshSettings(set, []), assumptions: [], rejections: []})
}

describe('osm-edge Pipy sidecar: listener and routes (osm.md §8)', () => {
  test('main.js: no outbound config ⇒ no listener; EnableEgress ⇒ the passthrough default from the MeshConfig field', () => {
    expect(edge(base()).listeners).toEqual([])
    const proxy = edge([meshConfig({enableEgress: true, enablePermissiveTrafficPolicyMode: false}), namespace('curl')])
    expect(proxy.flavor).toBe('pipy')
    expect(proxy.listeners[0].defaultChain?.origin).toMatchObject({ref: {kind: 'MeshConfig'}, source: {path: '/spec/traffic/enableEgress'}})
  })

  test('repo/policy.go setProtocol lower-cases: HTTP works; Pipy serves HTTP/1.0', () => {
    const chains = chainsOf([...base(), egress('e', {hosts: ['httpbin.org'], ports: [{number: 80, protocol: 'HTTP'}]})])
    expect(chains.map((c) => [c.name, c.match, c.action])).toEqual([['egress-http.80', {destinationPort: 80}, {kind: 'http', routeConfig: 'rds-egress.80', acceptHttp10: true}]])
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

  test('a header filter written with capitals never finds its header (Pipy lower-cases names) and tests the empty string', () => {
    const hrg = routeGroup('rg', [
      {name: 'ua', pathRegex: '/ua', headers: [{'User-Agent': 'curl'}]},
      {name: 'any', pathRegex: '/any', headers: [{'X-Anything': '.*'}]},
    ])
    const table = compile([...base(), hrg, egress('e', {hosts: ['x.org'], ports: [http(80)], matches: [hrgMatch('rg')]})], {mesh: 'osm-edge'})
    const [any, ua] = sidecar(table).routeConfigs['rds-egress.80'].virtualHosts[0].routes
    expect(ua.match.headers.map((h) => [h.name, h.treatMissingAsEmpty])).toEqual([
      [':method', undefined],
      ['User-Agent (never sent: Pipy lower-cases header names)', true],
    ])
    const verdict = (path: string) => {
      const parsed = requestFrom(['curl', '-A', 'curl', `http://x.org${path}`])
      if (!parsed.ok) throw new Error(parsed.error.message)
      return trace(table, parsed.value).outcome
    }
    // new RegExp('curl').test('') fails; new RegExp('.*').test('') holds.
    expect([verdict('/ua').status, verdict('/any').verdict]).toEqual([403, 'allow'])
    expect(any.match.path?.value).toBe('/any')
  })

  test('newHTTPServiceRouteRules returns the rule set already named after the host: two policies for one host merge their routes', () => {
    const a = routeGroup('a', [{name: 'get', pathRegex: '/get'}])
    const b = routeGroup('b', [{name: 'status', pathRegex: '/status'}])
    const rc = edge([
      ...base(),
      a,
      b,
      egress('pa', {hosts: ['x.org'], ports: [http(80)], matches: [hrgMatch('a')]}),
      egress('pb', {hosts: ['x.org'], ports: [http(80)], matches: [hrgMatch('b')]}),
    ]).routeConfigs['rds-egress.80']
    expect(rc.virtualHosts).toHaveLength(1)
    expect(rc.virtualHosts[0].domains).toEqual(['x.org', 'x.org:80'])
    // reorder(): OutboundHTTPRouteRuleSlice.Less sorts the merged rules by path.
    expect(rc.virtualHosts[0].routes.map((r) => [r.match.path?.value, owner(r)])).toEqual([
      ['/get', 'pa'],
      ['/status', 'pb'],
    ])
  })

  test('an identical rule from a second policy is kept once (reflect.DeepEqual on the match)', () => {
    const rc = edge([...base(), egress('wild', {hosts: ['x.org'], ports: [http(80)]}), egress('again', {hosts: ['x.org'], ports: [http(80)]})]).routeConfigs['rds-egress.80']
    expect(rc.virtualHosts[0].routes.map((r) => [r.match.path?.value, owner(r)])).toEqual([['.*', 'wild']])
  })

  test('reorder() is Go\'s insertion sort with Less = path < path unless the first is ".*": "/a" does not pass ".*" ("/" > ".")', () => {
    const groups = [routeGroup('z', [{name: 'z', pathRegex: '/z'}]), routeGroup('a', [{name: 'a', pathRegex: '/a'}])]
    const policies = (names: string[]) => names.map((n) => egress(n, {hosts: ['x.org'], ports: [http(80)], ...(n === 'wild' ? {} : {matches: [hrgMatch(n)]})}))
    const order = (names: string[]) => edge([...base(), ...groups, ...policies(names)]).routeConfigs['rds-egress.80'].virtualHosts[0].routes.map((r) => r.match.path?.value)
    expect(order(['z', 'a'])).toEqual(['/a', '/z'])
    expect(order(['z', 'wild', 'a'])).toEqual(['/z', '.*', '/a'])
  })
})

describe('osm-edge Pipy sidecar: destinations (outbound-main.js makePortHandler)', () => {
  test("http ipAddresses become the port destination's ranges, and its host clusters are dialled with the mesh certificate", () => {
    const proxy = edge([...base(), egress('e', {hosts: ['a.com'], ipAddresses: ['10.0.0.0/8'], ports: [http(80)]})])
    expect(proxy.listeners[0].filterChains.map((c) => [c.name, c.match, owner(c)])).toEqual([['egress-http.80', {destinationPort: 80, prefixRanges: ['10.0.0.0/8']}, 'e']])
    expect(proxy.clusters['a.com:80'].tls).toMatchObject({mode: 'MESH_MUTUAL', origin: {source: {path: '/spec/ipAddresses/0'}}})
  })

  test('one http policy with ipAddresses gives the whole port ranges: the other hosts of port 80 are affected too', () => {
    const {proxy, destinations} = pipy([
      ...base(),
      egress('plain', {hosts: ['a.com'], ports: [http(80)]}),
      egress('ranged', {hosts: ['b.com'], ipAddresses: ['10.0.0.0/8'], ports: [http(80)]}),
    ])
    expect(proxy.listeners[0].filterChains.map((c) => [c.name, c.match.prefixRanges, owner(c)])).toEqual([['egress-http.80', ['10.0.0.0/8'], 'ranged']])
    expect(proxy.clusters['a.com:80'].tls?.mode).toBe('MESH_MUTUAL')
    expect(destinations.mergedAway.map((m) => [m.chain, owner(m), m.ranges])).toEqual([['egress-http.80', 'plain', ['10.0.0.0/8']]])
  })

  test('an unparsable ipAddresses entry is skipped for http (buildHTTPRouteConfigs E2002) but kept for tcp, where Netmask throws', () => {
    const {proxy} = pipy([...base(), egress('h', {hosts: ['a.com'], ipAddresses: ['10.0.0.0/33'], ports: [http(80), tcp(5432)]})])
    expect(proxy.listeners[0].filterChains.map((c) => [c.name, c.match.prefixRanges])).toEqual([
      ['egress-http.80', undefined],
      ['egress-tcp.5432', ['10.0.0.0/33']],
    ])
  })

  test('mesh certificate switched off (sidecarDisabledMTLS of the pipy driver): no MESH_MUTUAL', () => {
    const mc = resource({
      apiVersion: 'config.openservicemesh.io/v1alpha2',
      kind: 'MeshConfig',
      metadata: {name: 'osm-mesh-config', namespace: 'osm-system'},
      spec: {
        sidecar: {sidecarClass: 'pipy', sidecarDrivers: [{sidecarName: 'envoy'}, {sidecarName: 'Pipy', sidecarDisabledMTLS: true}]},
        traffic: {enableEgress: false, enablePermissiveTrafficPolicyMode: false},
      },
    })
    const proxy = edge([mc, namespace('curl'), egress('e', {hosts: ['a.com'], ipAddresses: ['10.0.0.0/8'], ports: [http(80)]})])
    expect(proxy.clusters['a.com:80'].tls).toBeUndefined()
  })

  test('https: no SNI match; cluster "<port>" holds the hosts of every https policy on the port, sorted (encoding/json)', () => {
    const proxy = edge([...base(), egress('a', {hosts: ['zeta.org'], ports: [https(443)]}), egress('b', {hosts: ['alpha.org', 'api.x.com:8443'], ports: [https(443)]})])
    expect(proxy.listeners[0].filterChains.map((c) => [c.name, c.match])).toEqual([['egress-https.443', {destinationPort: 443}]])
    expect(proxy.clusters['443']).toMatchObject({
      type: 'STRICT_DNS',
      endpoints: [
        {host: 'alpha.org', port: 443},
        {host: 'api.x.com', port: 8443},
        {host: 'zeta.org', port: 443},
      ],
    })
  })

  test('https without hosts: no endpoint; with EnableEgress the balancer falls back to the original destination', () => {
    expect(edge([...base(), egress('a', {ports: [https(443)]})]).clusters['443']).toMatchObject({type: 'STRICT_DNS', endpoints: []})
    const open = edge([meshConfig({enableEgress: true, enablePermissiveTrafficPolicyMode: false}), namespace('curl'), egress('a', {ports: [https(443)]})])
    expect(open.clusters['443']).toMatchObject({type: 'ORIGINAL_DST', origin: {source: {path: '/spec/traffic/enableEgress'}}})
  })

  test('newTrafficMatch keys by port and name: two tcp policies on 5432 are one destination, ranged by the union', () => {
    const {proxy, destinations} = pipy([
      ...base(),
      egress('any', {ports: [tcp(5432)]}),
      egress('ten', {ipAddresses: ['10.0.0.0/8'], ports: [tcp(5432)]}),
      egress('eleven', {ipAddresses: ['11.0.0.0/8', '10.0.0.0/8'], ports: [tcp(5432)]}),
    ])
    expect(proxy.listeners[0].filterChains.map((c) => [c.name, c.match.prefixRanges, owner(c), c.action])).toEqual([
      ['egress-tcp.5432', ['10.0.0.0/8'], 'ten', {kind: 'tcp_proxy', cluster: 'original-destination'}],
      ['egress-tcp.5432', ['11.0.0.0/8', '10.0.0.0/8'], 'eleven', {kind: 'tcp_proxy', cluster: 'original-destination'}],
    ])
    expect(destinations.mergedAway.map((m) => [owner(m), m.ranges])).toEqual([['any', ['10.0.0.0/8', '11.0.0.0/8']]])
  })

  test('config.js folds tcp-server-first into tcp on the same port and ranges (identity |port_tcp_range|)', () => {
    const chains = chainsOf([
      ...base(),
      egress('a', {ipAddresses: ['10.0.0.0/8'], ports: [tcp(3306)]}),
      egress('b', {ipAddresses: ['10.0.0.0/8'], ports: [{number: 3306, protocol: 'tcp-server-first'}]}),
    ])
    expect(chains.map((c) => [c.name, owner(c)])).toEqual([['egress-tcp.3306', 'a']])
  })

  test('reorder(): a destination without ranges sorts first; ranged ones most specific first (OutboundTrafficMatchSlice.Less)', () => {
    const chains = chainsOf([
      ...base(),
      egress('wide', {ipAddresses: ['10.0.0.0/8'], ports: [tcp(9000)]}),
      egress('web', {hosts: ['x.org'], ports: [https(9000)]}),
      egress('narrow', {ipAddresses: ['10.1.0.0/16'], ports: [{number: 9000, protocol: 'tcp-server-first'}]}),
    ])
    expect(chains.map((c) => [c.name, owner(c)])).toEqual([
      ['egress-https.9000', 'web'],
      ['egress-tcp-server-first.9000', 'narrow'],
      ['egress-tcp.9000', 'wide'],
    ])
  })

  test('two destinations without ranges on one port tie in Go map order: each names the other (orderOpenWith)', () => {
    const chains = chainsOf([...base(), egress('web', {hosts: ['foo.com'], ports: [https(100)]}), egress('raw', {ports: [tcp(100)]})])
    expect(chains.map((c) => [c.name, c.orderOpenWith])).toEqual([
      ['egress-https.100', ['egress-tcp.100']],
      ['egress-tcp.100', ['egress-https.100']],
    ])
  })

  test('Pipy has no config NACK: nothing is rejected', () => {
    const table = compile(
      [
        ...base(),
        egress('a', {ports: [tcp(443)]}),
        egress('b', {ports: [https(443)]}),
        egress('c', {hosts: ['x.org'], ports: [http(80)]}),
        egress('d', {hosts: ['x.org'], ports: [http(80)]}),
      ],
      {mesh: 'osm-edge'},
    )
    expect(table.rejections).toEqual([])
  })

  test('an EgressGateway that applies makes egress connections unsupported (tunnelled to a gateway not simulated)', () => {
    const gw = (spec: Record<string, unknown>) =>
      resource({apiVersion: 'policy.openservicemesh.io/v1alpha1', kind: 'EgressGateway', metadata: {name: 'gw', namespace: 'osm-system'}, spec})
    const e = egress('httpbin-80', {hosts: ['httpbin.org'], ports: [http(80)]})
    const outcome = (extra: Resource[]) => {
      const parsed = requestFrom(['curl', 'http://httpbin.org/'])
      if (!parsed.ok) throw new Error(parsed.error.message)
      return trace(compile([...base(), e, ...extra], {mesh: 'osm-edge'}), parsed.value).outcome
    }
    expect(outcome([]).verdict).toBe('allow')
    expect(outcome([gw({global: [{service: 'egress-gateway', namespace: 'osm-system'}]})])).toMatchObject({verdict: 'unsupported', because: {code: 'NOT_MODELLED'}})
    expect(outcome([gw({rules: [{egressPolicies: [{name: 'httpbin-80', namespace: 'curl'}], egressGateways: [{service: 'g', namespace: 'osm-system'}]}]})]).verdict).toBe(
      'unsupported',
    )
    expect(outcome([gw({rules: [{egressPolicies: [{name: 'other', namespace: 'curl'}], egressGateways: [{service: 'g', namespace: 'osm-system'}]}]})]).verdict).toBe('allow')
  })

  test('sources[].mtls (osm-edge only) is named as not simulated', () => {
    const e = egress('m', {hosts: ['a.com'], ports: [http(80)], sources: [{kind: 'ServiceAccount', name: 'curl', namespace: 'curl', mtls: {issuer: 'osm'}}]})
    const table = compileOsm(modelSet(...base(), e), {mesh: 'osm-edge', namespace: 'curl', serviceAccount: 'curl'})
    expect(table.assumptions.map((a) => a.code)).toContain('PIPY_SOURCE_MTLS_NOT_MODELLED')
  })
})
