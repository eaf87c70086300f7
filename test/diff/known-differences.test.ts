import {describe, expect, test} from 'vitest'
import {diffSets} from '../../src/diff/index.js'
import {egress, example, osmMesh, routeGroup, set, summary} from './helpers.js'

const httpbin80 = egress('httpbin-80', {hosts: ['httpbin.org'], port: 80, protocol: 'http'})
const istioMesh = (mode: string) => example('istio/00-mesh.yaml').replace('mode: REGISTRY_ONLY', `mode: ${mode}`)
const cnnGateway = example('istio/cnn-via-egress-gateway.yaml')
const cnnServiceEntry = cnnGateway.split('\n---\n')[0]

describe('diff reports exactly the known differences', () => {
  test('nothing changes: no differences', () => {
    expect(summary(set(osmMesh(), httpbin80), set(osmMesh(), httpbin80), 'osm')).toEqual([])
  })

  test('added host', () => {
    const after = egress('httpbin-80', {hosts: ['httpbin.org', 'example.com'], port: 80, protocol: 'http'})
    expect(summary(set(osmMesh(), httpbin80), set(osmMesh(), after), 'osm')).toEqual(['newly-allowed http example.com:80/'])
  })

  test('narrowed path regex', () => {
    const policy = egress('httpbin-80', {hosts: ['httpbin.org'], port: 80, protocol: 'http', routeGroup: 'paths'})
    const before = set(osmMesh(), policy, routeGroup('paths', ['/status.*']))
    const after = set(osmMesh(), policy, routeGroup('paths', ['/status/200']))
    expect(summary(before, after, 'osm')).toEqual(['newly-denied http httpbin.org:80/status'])
  })

  // RE2 syntax: "[^\\:]" is any character but ":" ("\\:" a literal punctuation character), "+" one or more,
  // ".*" any characters; Envoy matches the whole path. Each pair differs on the shortest path only one accepts.
  // (routeGroup writes YAML double-quoted strings, so a backslash is written twice.)
  test.each([
    {before: '/api/[^\\\\:]+', after: '/api/[^\\\\:]', want: ['newly-denied http httpbin.org:80/api/aa']},
    {before: '/get.*', after: '/get', want: ['newly-denied http httpbin.org:80/geta']},
  ])('path regex $before → $after', ({before, after, want}) => {
    const policy = egress('httpbin-80', {hosts: ['httpbin.org'], port: 80, protocol: 'http', routeGroup: 'paths'})
    expect(summary(set(osmMesh(), policy, routeGroup('paths', [before])), set(osmMesh(), policy, routeGroup('paths', [after])), 'osm')).toEqual(want)
  })

  test('(?i) widens /get to every spelling of it: one of them is newly allowed', () => {
    const policy = egress('httpbin-80', {hosts: ['httpbin.org'], port: 80, protocol: 'http', routeGroup: 'paths'})
    const changes = summary(set(osmMesh(), policy, routeGroup('paths', ['/get'])), set(osmMesh(), policy, routeGroup('paths', ['(?i)/get'])), 'osm')
    expect(changes).toHaveLength(1)
    const path = changes[0].replace('newly-allowed http httpbin.org:80', '')
    expect(path.toLowerCase() === '/get' && path !== '/get').toBe(true)
  })

  test('a path longer than the witness search goes: the diff says it could not build one', () => {
    const policy = egress('httpbin-80', {hosts: ['httpbin.org'], port: 80, protocol: 'http', routeGroup: 'paths'})
    const report = diffSets(set(osmMesh(), policy, routeGroup('paths', ['/api/.*'])), set(osmMesh(), policy, routeGroup('paths', ['/a{100}'])), 'osm')
    expect(report.notes).toContain('no path can be built for route paths/m0 (regex /a{100}): requests it alone matches are not compared')
  })

  test('widened CIDR', () => {
    const db = (cidr: string) => egress('db', {ipAddresses: [cidr], port: 5432, protocol: 'tcp'})
    expect(summary(set(osmMesh(), db('10.0.0.0/24')), set(osmMesh(), db('10.0.0.0/16')), 'osm')).toEqual([
      'newly-allowed http unlisted.invalid:5432/ @10.0.1.1',
      'newly-allowed https unlisted.invalid:5432 @10.0.1.1',
      'newly-allowed tcp 10.0.1.1:5432 @10.0.1.1',
    ])
  })

  // Passthrough opens every port no policy names, and non-HTTP bytes on the HTTP policy's port; the
  // policy's own host keeps its routes.
  test('switched passthrough on (OSM enableEgress)', () => {
    expect(summary(set(osmMesh(false), httpbin80), set(osmMesh(true), httpbin80), 'osm')).toEqual([
      'newly-allowed http unlisted.invalid:8888/',
      'newly-allowed https unlisted.invalid:8888',
      'newly-allowed tcp unlisted.invalid:80',
      'newly-allowed tcp unlisted.invalid:8888',
    ])
  })

  // Unknown names on every port go to the BlackHoleCluster (HTTP on a port with an HTTP listener gets 502).
  // HTTP/1.0 is detected as ALPN "http/1.0", which the HTTP chains on 0.0.0.0_80 do not list: it used to
  // fall to PassthroughFilterChain for every name, registered or not, and now to the black hole.
  test('Istio ALLOW_ANY → REGISTRY_ONLY', () => {
    const names = ['10.96.10.20', '10.96.20.30', 'edition.cnn.com', 'istio-egressgateway.istio-system.svc.cluster.local', 'istio-egressgateway.istio-system.svc']
    // Sidecar virtual hosts also answer the absolute name "host." since Istio 1.27 (httproute.go GenerateAltVirtualHosts).
    const absolute = ['edition.cnn.com.', 'istio-egressgateway.istio-system.svc.cluster.local.', 'sleep.default.svc.cluster.local.']
    const more = [...absolute, 'istio-egressgateway.istio-system', 'sleep.default.svc.cluster.local', 'sleep.default.svc', 'sleep.default', 'sleep', 'unlisted.invalid']
    const http10 = [...names, ...more].map((n) => `newly-denied http/1.0 ${n}:80/`)
    const unknown = [
      'http unlisted.invalid:443/',
      'http unlisted.invalid:80/',
      'http unlisted.invalid:8888/',
      'https unlisted.invalid:443',
      'https unlisted.invalid:80',
      'https unlisted.invalid:8888',
      'tcp unlisted.invalid:443',
      'tcp unlisted.invalid:80',
      'tcp unlisted.invalid:8888',
    ]
    const got = summary(set(istioMesh('ALLOW_ANY'), cnnServiceEntry), set(istioMesh('REGISTRY_ONLY'), cnnServiceEntry), 'istio', 'default/sleep')
    expect(got).toEqual([...http10, ...unknown.map((u) => `newly-denied ${u}`)].sort())
  })

  // HTTP to edition.cnn.com now leaves via the gateway; HTTP sent to the gateway's own Service is now
  // answered by the Gateway's port-80 server rather than by the gateway's default. The absolute name
  // "edition.cnn.com." still matches at the sidecar (Istio ≥1.27) but not at the gateway, whose virtual
  // hosts have no absolute forms (GenerateAltVirtualHosts is used for sidecars only): 404 there.
  test('gateway added', () => {
    const before = set(istioMesh('REGISTRY_ONLY'), cnnServiceEntry)
    const after = set(istioMesh('REGISTRY_ONLY'), cnnGateway)
    expect(summary(before, after, 'istio', 'default/sleep')).toEqual([
      'changed http 10.96.20.30:80/',
      'changed http edition.cnn.com:80/',
      'changed http istio-egressgateway.istio-system.svc.cluster.local.:80/',
      'changed http istio-egressgateway.istio-system.svc.cluster.local:80/',
      'changed http istio-egressgateway.istio-system.svc:80/',
      'changed http istio-egressgateway.istio-system:80/',
      'newly-denied http edition.cnn.com.:80/',
    ])
    const cnn = diffSets(before, after, 'istio', 'default/sleep').changes.find((c) => c.request.host === 'edition.cnn.com')!
    expect([cnn.before.via, cnn.after.via]).toEqual([[], ['istio-system/istio-egressgateway']])
  })
})
