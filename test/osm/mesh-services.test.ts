/**
 * OSM's in-mesh upstreams on the outbound listener (osm v1.2.4 pkg/catalog/outbound_traffic_policies.go
 * GetOutboundMeshTrafficPolicy, pkg/envoy/lds/inmesh.go getOutboundFilterChainPerUpstream and
 * getOutboundFilterChainMatchForService, pkg/envoy/rds/route/route_config.go
 * BuildOutboundMeshRouteConfiguration, pkg/k8s/util.go GetHostnamesForService), the HTTP connection
 * manager's HTTP/1.0 handling (pkg/envoy/lds/http_connection.go), and capture credit (pkg/injector).
 */
import {describe, expect, test} from 'vitest'
import {compile, egress, http, meshConfig, namespace, sidecar} from './builders.js'
import {resource} from '../helpers/resource.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import type {Resource} from '../../src/model/resource.js'

const permissive = () => meshConfig({enableEgress: false, enablePermissiveTrafficPolicyMode: true})
const service = (name: string, ns: string, ip: string, ports: unknown[]): Resource =>
  resource({apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: ns}, spec: {clusterIP: ip, ports}})
const world = () => [
  permissive(),
  namespace('curl'),
  namespace('app'),
  service('web', 'app', '10.96.0.10', [{name: 'http', port: 80, targetPort: 8080}]),
  service('db', 'app', '10.96.0.11', [{name: 'tcp-pg', port: 5432}]),
  egress('httpbin-80', {hosts: ['httpbin.org'], ports: [http(80)]}),
]
const run = (resources: Resource[], words: string[], mesh: 'osm' | 'osm-edge' = 'osm', version: '1.2' | 'main' = '1.2') => {
  const parsed = requestFrom(words)
  if (!parsed.ok) throw new Error(parsed.error.message)
  return trace(compile(resources, {mesh, version}), parsed.value)
}

describe('mesh Service chains (lds/inmesh.go)', () => {
  test('one chain per Service port, matched on the ClusterIP /32 and the port; http ports get rds-outbound.<port>', () => {
    const proxy = sidecar(compile(world()))
    const mesh = proxy.listeners[0].filterChains.filter((c) => c.name.startsWith('outbound_'))
    expect(mesh.map((c) => [c.name, c.match, c.action])).toEqual([
      ['outbound_app/web_80_http', {destinationPort: 80, prefixRanges: ['10.96.0.10/32']}, {kind: 'http', routeConfig: 'rds-outbound.80', acceptHttp10: false}],
      ['outbound_app/db_5432_tcp', {destinationPort: 5432, prefixRanges: ['10.96.0.11/32']}, {kind: 'tcp_proxy', cluster: 'app/db|5432'}],
    ])
  })

  test('the route config has one virtual host per Service, named by its FQDN, with the names GetHostnamesForService gives', () => {
    const rc = sidecar(compile(world())).routeConfigs['rds-outbound.80']
    expect(rc.virtualHosts.map((v) => [v.name, v.domains])).toEqual([
      [
        'outbound_virtual-host|web.app.svc.cluster.local',
        ['web.app', 'web.app:80', 'web.app.svc', 'web.app.svc:80', 'web.app.svc.cluster', 'web.app.svc.cluster:80', 'web.app.svc.cluster.local', 'web.app.svc.cluster.local:80'],
      ],
    ])
    // EnvoyClusterName uses the target port.
    expect(rc.virtualHosts[0].routes[0].action).toEqual({kind: 'cluster', clusters: [{name: 'app/web|8080', weight: 100}]})
  })

  test("a client in the Service's own namespace also reaches it by its short name", () => {
    const resources = [permissive(), namespace('app'), service('web', 'app', '10.96.0.10', [{port: 80}])]
    const rc = compile(resources, {namespace: 'app', serviceAccount: 'client'}).proxies['app/client'].routeConfigs['rds-outbound.80']
    expect(rc.virtualHosts[0].domains.slice(0, 2)).toEqual(['web', 'web:80'])
  })

  test('the Service IP beats the egress chain on the same port, and a foreign Host gets 404', () => {
    const t = run(world(), ['curl', '--resolve', 'httpbin.org:80:10.96.0.10', 'http://httpbin.org/get'])
    expect([t.outcome.verdict, t.outcome.status, t.outcome.responseFlag]).toEqual(['deny', 404, 'NR'])
    const chain = t.hops[0].steps.find((s) => s.stage === 'filter-chain')
    expect(chain?.chose?.name).toBe('outbound_app/web_80_http')
    expect(t.decidedBy).toMatchObject({ref: {kind: 'Service', name: 'web'}})
  })

  test("the Service's own name is routed to its cluster", () => {
    const t = run(world(), ['curl', '-H', 'Host: web.app', 'http://10.96.0.10/'])
    expect([t.outcome.verdict, t.upstream]).toEqual(['allow', 'web.app.svc.cluster.local:80'])
  })

  test('the egress chain still takes other addresses on port 80', () => {
    expect(run(world(), ['curl', 'http://httpbin.org/get']).outcome.verdict).toBe('allow')
  })

  test('osm-edge: the mesh HTTP destination answers a foreign Host with 403', () => {
    const t = run(world(), ['curl', '--resolve', 'httpbin.org:80:10.96.0.10', 'http://httpbin.org/get'], 'osm-edge')
    expect([t.outcome.verdict, t.outcome.status]).toEqual(['deny', 403])
  })
})

describe('cluster DNS (Kubernetes DNS spec, resolv.conf search path)', () => {
  test('a Service name resolves to its ClusterIP: the mesh chain takes it', () => {
    const t = run(world(), ['curl', 'http://web.app/'])
    expect(t.hops[0].steps[0]).toMatchObject({stage: 'dns', because: {code: 'RESOLVED', address: '10.96.0.10', by: 'kube-dns'}})
    expect([t.outcome.verdict, t.upstream]).toEqual(['allow', 'web.app.svc.cluster.local:80'])
  })

  test('kube-dns holds the FQDN; the search path completes <svc>.<ns>.svc, <svc>.<ns>, and <svc> only from its own namespace', () => {
    expect(Object.keys(compile(world()).names ?? {}).filter((n) => n.startsWith('web'))).toEqual(['web.app.svc.cluster.local'])
    for (const host of ['web.app.svc', 'web.app', 'web.app.svc.cluster.local.'])
      expect(run(world(), ['curl', `http://${host}/`]).hops[0].steps[0]).toMatchObject({because: {code: 'RESOLVED', address: '10.96.0.10'}})
    expect(run(world(), ['curl', 'http://web/']).hops[0].steps.map((s) => s.stage)).not.toContain('dns')
    const fromApp = requestFrom(['curl', 'http://web/'])
    if (!fromApp.ok) throw new Error(fromApp.error.message)
    expect(trace(compile(world(), {namespace: 'app', serviceAccount: 'x'}), fromApp.value).hops[0].steps[0]).toMatchObject({because: {code: 'RESOLVED', address: '10.96.0.10'}})
  })

  test('--resolve and IP literals are not looked up', () => {
    const t = run(world(), ['curl', '--resolve', 'web.app:80:8.8.8.8', 'http://web.app/'])
    expect(t.hops[0].steps.map((s) => s.stage)).not.toContain('dns')
  })
})

describe('HTTP/1.0 (accept_http_10 unset in v1.2.4 and main)', () => {
  test.each(['1.2', 'main'] as const)('OSM %s: Envoy answers 426 before routing', (version) => {
    const resources = [meshConfig({enableEgress: false}), namespace('curl'), egress('httpbin-80', {hosts: ['httpbin.org'], ports: [http(80)]})]
    const t = run(resources, ['curl', '--http1.0', 'http://httpbin.org/get'], 'osm', version)
    expect([t.outcome.verdict, t.outcome.status]).toEqual(['deny', 426])
    expect(t.decidedBy).toMatchObject({ref: {name: 'httpbin-80'}})
    expect(run(resources, ['curl', 'http://httpbin.org/get'], 'osm', version).outcome.verdict).toBe('allow')
  })

  test('osm-edge: Pipy serves it', () => {
    const resources = [meshConfig({enableEgress: false}), namespace('curl'), egress('httpbin-80', {hosts: ['httpbin.org'], ports: [http(80)]})]
    expect(run(resources, ['curl', '--http1.0', 'http://httpbin.org/get'], 'osm-edge').outcome.verdict).toBe('allow')
  })
})

describe('capture credit (pkg/injector/iptables.go, outboundIPRangeInclusionList)', () => {
  test('a destination outside the inclusion list is credited to the MeshConfig field, not the Namespace', () => {
    const mc = meshConfig({enableEgress: false, outboundIPRangeInclusionList: ['10.0.0.0/8']})
    const t = run([mc, namespace('curl')], ['curl', '--resolve', 'example.com:80:8.8.8.8', 'http://example.com/'])
    expect(t.outcome.verdict).toBe('allow')
    expect(t.decidedBy).toMatchObject({ref: {kind: 'MeshConfig'}, source: {path: '/spec/traffic/outboundIPRangeInclusionList'}})
  })

  test('from the pod annotation when only the pod restricts capture', () => {
    const pod = resource({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'curl', namespace: 'curl', annotations: {'openservicemesh.io/outbound-ip-range-inclusion-list': '10.0.0.0/8'}},
      spec: {serviceAccountName: 'curl', containers: [{name: 'curl', image: 'curl'}]},
    })
    const t = run([meshConfig({enableEgress: false}), namespace('curl'), pod], ['curl', '--resolve', 'example.com:80:8.8.8.8', 'http://example.com/'])
    expect(t.decidedBy).toMatchObject({ref: {kind: 'Pod'}})
  })
})
