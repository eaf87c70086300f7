import {describe, expect, test} from 'vitest'
import {compile, deployment, listenerNamed, meshConfig, namespace, serviceEntry, virtualService} from './builders.js'

const client = () => [namespace('default'), deployment('default', 'app')]
const svc = (name: string, spec: Record<string, unknown>) => ({apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: 'default'}, spec})
const tcpSe = (name: string, addresses: string[], protocol = 'TCP') =>
  serviceEntry('default', name, {hosts: [`${name}.example`], addresses, resolution: 'NONE', ports: [{number: 9999, name: 'p', protocol}]})

// istio pilot/pkg/networking/core/listener.go buildSidecarOutboundListener, filterChainOpts.conflictsWith/isMatchAll
describe('how services share a listener', () => {
  test('CIDRs equal once their host bits are masked are one chain: the older service keeps it', () => {
    const l = listenerNamed(compile([...client(), tcpSe('a', ['10.1.2.3/16']), tcpSe('b', ['10.1.9.9/16'])], 'default/app').sidecar, '0.0.0.0_9999')!
    expect(l.filterChains.map((c) => [c.match.prefixRanges, c.name])).toEqual([[['10.1.0.0/16'], 'outbound|9999||a.example']])
  })

  test('a /32 is an address of its own: a listener bound to it', () => {
    expect(listenerNamed(compile([...client(), tcpSe('a', ['10.1.2.3/32'])], 'default/app').sidecar, '10.1.2.3_9999')).toBeDefined()
  })

  test('a match-all chain is the default chain, so a CIDR chain that fails later criteria still falls back to it', () => {
    const l = listenerNamed(compile([...client(), tcpSe('any', []), tcpSe('range', ['10.1.0.0/16'])], 'default/app').sidecar, '0.0.0.0_9999')!
    expect([l.filterChains.map((c) => c.name), l.defaultChain?.name]).toEqual([['outbound|9999||range.example'], 'outbound|9999||any.example'])
  })

  test('HTTP then TCP on one port: an ALPN-matched HTTP chain beside the TCP chain', () => {
    const mixed = compile([...client(), svc('web', {clusterIP: '10.0.0.1', ports: [{port: 9999, name: 'http'}]}), tcpSe('db', [])], 'default/app').sidecar
    const shared = listenerNamed(mixed, '0.0.0.0_9999')!
    expect(shared.filterChains.map((c) => [c.name, c.match.applicationProtocols])).toEqual([['http:9999', ['http/1.1', 'h2c']]])
    expect(shared.defaultChain?.name).toBe('outbound|9999||db.example')
  })

  // istio tls.go getConfigsForHost filters the push context's VirtualServices, which are in creation order:
  // an older wildcard VirtualService's rule comes before a newer exact one's.
  test('VirtualService tcp rules for a service follow creation order, wildcard or exact host', () => {
    const route = (host: string) => ({tcp: [{route: [{destination: {host, port: {number: 9999}}}]}]})
    const older = virtualService('default', 'wild', {hosts: ['*.example'], ...route('other.example')}, {creationTimestamp: '2024-01-01T00:00:00Z'})
    const newer = virtualService('default', 'exact', {hosts: ['db.example'], ...route('db.example')}, {creationTimestamp: '2024-02-01T00:00:00Z'})
    for (const objects of [
      [older, newer],
      [newer, older],
    ]) {
      const l = listenerNamed(compile([...client(), tcpSe('db', ['10.1.0.0/16']), ...objects], 'default/app').sidecar, '0.0.0.0_9999')!
      expect(l.filterChains.map((c) => c.action)).toEqual([{kind: 'tcp_proxy', cluster: 'outbound|9999||other.example'}])
    }
  })

  // host.Name.Matches holds either way round, so a VirtualService for one name applies to a wildcard service.
  test("a VirtualService for api.example.com routes TLS on a *.example.com ServiceEntry's listener", () => {
    const wildcard = serviceEntry('default', 'wild', {hosts: ['*.example.com'], resolution: 'NONE', ports: [{number: 443, name: 'tls', protocol: 'TLS'}]})
    const vs = virtualService('default', 'api', {
      hosts: ['api.example.com'],
      tls: [{match: [{sniHosts: ['api.example.com']}], route: [{destination: {host: 'other.example', port: {number: 443}}}]}],
    })
    const l = listenerNamed(compile([...client(), wildcard, vs], 'default/app').sidecar, '0.0.0.0_443')!
    expect(l.filterChains.map((c) => [c.match.serverNames, c.action])).toEqual([[['api.example.com'], {kind: 'tcp_proxy', cluster: 'outbound|443||other.example'}]])
  })

  test('MongoDB does not share a port with another protocol: the later service gets nothing there', () => {
    const mongo = serviceEntry('default', 'mongo', {hosts: ['a-mongo.example'], resolution: 'NONE', ports: [{number: 9999, name: 'm', protocol: 'MONGO'}]})
    const l = listenerNamed(compile([...client(), mongo, tcpSe('db', ['10.1.0.0/16'])], 'default/app').sidecar, '0.0.0.0_9999')!
    expect([...l.filterChains, l.defaultChain].map((c) => c?.name)).toEqual(['outbound|9999||a-mongo.example', undefined])
  })
})

// istio pilot/pkg/model/context.go conflictWithReservedListener; listener_builder.go, listener_inbound.go
describe("the proxy's own ports", () => {
  test('an HTTP service on 15001/15006/15021/15090 gets no listener; a TCP one on its VIP does', () => {
    const {sidecar} = compile(
      [
        ...client(),
        svc('odd', {
          clusterIP: '10.0.0.5',
          ports: [
            {port: 15006, name: 'http'},
            {port: 15021, name: 'tcp'},
          ],
        }),
      ],
      'default/app',
    )
    const names = sidecar.listeners.map((l) => l.name)
    expect(names).toEqual(expect.arrayContaining(['10.0.0.5_15021', 'virtualInbound', '0.0.0.0_15021']))
    expect(sidecar.listeners.filter((l) => l.port === 15006).map((l) => l.name)).toEqual(['virtualInbound'])
  })

  test('ALLOW_ANY_DYNAMIC_DNS adds a plaintext-HTTP chain to virtualOutbound; TLS and TCP stay on PassthroughCluster', () => {
    const l = listenerNamed(compile([meshConfig('ALLOW_ANY_DYNAMIC_DNS'), ...client()], 'default/app').sidecar, 'virtualOutbound')!
    expect(l.filterChains.map((c) => [c.name, c.action])).toEqual([
      ['virtualOutbound-blackhole', {kind: 'tcp_proxy', cluster: 'BlackHoleCluster'}],
      ['virtualOutbound-catchall-tcp-http', {kind: 'http', routeConfig: 'allow_any_dynamic_dns'}],
      ['virtualOutbound-catchall-tcp', {kind: 'tcp_proxy', cluster: 'PassthroughCluster'}],
    ])
    expect(l.inspectors.http).toBe(true)
  })
})
