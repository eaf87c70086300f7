import {describe, expect, test} from 'vitest'
import {compile, listenerNamed, meshConfig, ref, serviceEntry, sleepClient, vhostFor, virtualService} from './builders.js'

const http = (number: number) => ({number, name: `http-${number}`, protocol: 'HTTP'})
const httpbin = (ports = [http(80)], meta = {}) => serviceEntry('default', 'httpbin', {hosts: ['httpbin.org'], ports}, meta)
const timeoutVs = (extra = {}) => virtualService('default', 'httpbin', {hosts: ['httpbin.org'], http: [{timeout: '3s', route: [{destination: {host: 'httpbin.org'}}]}], ...extra})

describe('virtual hosts for ServiceEntries (istio httproute.go)', () => {
  test('a ServiceEntry host gets vhost HOST:PORT with a default route that cites the ServiceEntry', () => {
    const {sidecar} = compile([meshConfig('REGISTRY_ONLY'), ...sleepClient(), httpbin()])
    const vh = vhostFor(sidecar.routeConfigs['80'], 'httpbin.org')!
    expect(vh.name).toBe('httpbin.org:80')
    expect(vh.routes.map((r) => [r.name, r.timeoutSeconds, r.retries?.attempts])).toEqual([['default', 0, 2]])
    expect(vh.routes[0].action).toEqual({kind: 'cluster', clusters: [{name: 'outbound|80||httpbin.org', weight: 100}]})
    expect(ref(vh.routes[0].origin)).toBe('ServiceEntry/default/httpbin')
  })

  test('route configs ignore the port in Host and answer 404 when no route matches', () => {
    const rc = compile([...sleepClient(), httpbin()]).sidecar.routeConfigs['80']
    expect([rc.ignorePortInHostMatching, rc.noRouteStatus, rc.hostMatch]).toEqual([true, 404, 'envoy'])
  })
})

describe('VirtualService routes', () => {
  test('a VirtualService replaces the default route; its timeout is kept and it is the origin', () => {
    const vh = vhostFor(compile([...sleepClient(), httpbin(), timeoutVs()]).sidecar.routeConfigs['80'], 'httpbin.org')!
    expect(vh.routes.map((r) => [r.timeoutSeconds, ref(r.origin)])).toEqual([[3, 'VirtualService/default/httpbin']])
  })

  test('rules stay in order; a rule whose matches fail statically (port) is dropped', () => {
    const vs = virtualService('default', 'httpbin', {
      hosts: ['httpbin.org'],
      http: [
        {match: [{port: 8080}], route: [{destination: {host: 'httpbin.org'}}]},
        {match: [{uri: {prefix: '/status'}}], directResponse: {status: 418}},
        {route: [{destination: {host: 'httpbin.org', subset: 'v1'}}]},
      ],
    })
    const vh = vhostFor(compile([...sleepClient(), httpbin(), vs]).sidecar.routeConfigs['80'], 'httpbin.org')!
    expect(vh.routes.map((r) => r.action)).toEqual([
      {kind: 'direct_response', status: 418},
      {kind: 'cluster', clusters: [{name: 'outbound|80|v1|httpbin.org', weight: 100}]},
    ])
    expect(vh.routes[0].match.path).toEqual({kind: 'prefix', value: '/status'})
  })

  test('a VirtualService bound only to a Gateway does not touch sidecars', () => {
    const vh = vhostFor(compile([...sleepClient(), httpbin(), timeoutVs({gateways: ['gw']})]).sidecar.routeConfigs['80'], 'httpbin.org')!
    expect(vh.routes[0].name).toBe('default')
  })

  test('VS without a ServiceEntry applies on port 80 only, routing to a cluster that does not exist', () => {
    const vs = virtualService('default', 'ext', {hosts: ['ext.example.com'], http: [{route: [{destination: {host: 'ext.example.com'}}]}]})
    const extraPort = serviceEntry('default', 'other', {hosts: ['other.example.com'], ports: [http(8080)]})
    const {sidecar} = compile([meshConfig('REGISTRY_ONLY'), ...sleepClient(), extraPort, vs])
    const on80 = vhostFor(sidecar.routeConfigs['80'], 'ext.example.com')!
    expect(on80.name).toBe('ext.example.com:80')
    expect(sidecar.clusters[(on80.routes[0].action as {clusters: Array<{name: string}>}).clusters[0].name]).toBeUndefined()
    expect(vhostFor(sidecar.routeConfigs['8080'], 'ext.example.com')!.name).toBe('block_all')
  })

  test('the oldest VirtualService for a host wins at sidecars', () => {
    const older = timeoutVs()
    const newer = virtualService(
      'default',
      'newer',
      {hosts: ['httpbin.org'], http: [{timeout: '9s', route: [{destination: {host: 'httpbin.org'}}]}]},
      {creationTimestamp: '2020-01-01T00:00:00Z'},
    )
    const olderStamped = {...older, metadata: {...(older.metadata as object), creationTimestamp: '2019-01-01T00:00:00Z'}}
    const vh = vhostFor(compile([...sleepClient(), httpbin(), newer, olderStamped]).sidecar.routeConfigs['80'], 'httpbin.org')!
    expect(vh.routes[0].timeoutSeconds).toBe(3)
  })
})

describe('exportTo (istio.md §2.1)', () => {
  test.each([
    {exportTo: ['.'], from: 'default/sleep', known: true},
    {exportTo: ['.'], from: 'other/sleep', known: false},
    {exportTo: ['other'], from: 'other/sleep', known: true},
    {exportTo: ['~'], from: 'default/sleep', known: false},
  ])('ServiceEntry exportTo $exportTo seen from $from: known=$known', ({exportTo, from, known}) => {
    const ns = from.split('/')[0]
    const objs = [
      meshConfig('REGISTRY_ONLY'),
      ...sleepClient(),
      ...(ns === 'default' ? [] : sleepClient().map((o) => JSON.parse(JSON.stringify(o).replaceAll('"default"', `"${ns}"`)))),
    ]
    const se = serviceEntry('default', 'httpbin', {hosts: ['httpbin.org'], ports: [http(80)], exportTo})
    const vh = vhostFor(compile([...objs, se], from).sidecar.routeConfigs['80'], 'httpbin.org')!
    expect(vh.name === 'httpbin.org:80').toBe(known)
  })

  test('a VirtualService exported only to its namespace leaves other namespaces on the default route', () => {
    const other = sleepClient().map((o) => JSON.parse(JSON.stringify(o).replaceAll('"default"', '"other"')))
    const vh = vhostFor(compile([...other, httpbin(), timeoutVs({exportTo: ['.']})], 'other/sleep').sidecar.routeConfigs['80'], 'httpbin.org')!
    expect(vh.routes[0].name).toBe('default')
  })
})

describe('HTTP chains', () => {
  test('match raw_buffer with ALPN http/1.1 and h2c only, so HTTP/1.0 falls to the default chain', () => {
    const l = listenerNamed(compile([...sleepClient()]).sidecar, '0.0.0.0_80')!
    const httpChain = l.filterChains.find((c) => c.action.kind === 'http')!
    expect(httpChain.match).toEqual({transportProtocol: 'raw_buffer', applicationProtocols: ['http/1.1', 'h2c']})
    expect(httpChain.match.applicationProtocols).not.toContain('http/1.0')
    expect(l.defaultChain?.name).toBe('PassthroughFilterChain')
  })
})
