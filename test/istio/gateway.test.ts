import {describe, expect, test} from 'vitest'
import {compile, egressGateway, gateway, listenerNamed, ref, serviceEntry, sleepClient, virtualService} from './builders.js'

const GW = 'istio-system/istio-egressgateway'
const cnn = serviceEntry('default', 'cnn', {
  hosts: ['edition.cnn.com'],
  ports: [
    {number: 80, name: 'http', protocol: 'HTTP'},
    {number: 443, name: 'tls', protocol: 'TLS'},
  ],
})
const httpServer = {port: {number: 80, name: 'http', protocol: 'HTTP'}, hosts: ['edition.cnn.com']}
const tlsServer = {port: {number: 443, name: 'tls', protocol: 'TLS'}, hosts: ['edition.cnn.com'], tls: {mode: 'PASSTHROUGH'}}
const throughGateway = virtualService('default', 'via-gw', {
  hosts: ['edition.cnn.com'],
  gateways: ['mesh', 'egress'],
  http: [
    {match: [{gateways: ['mesh'], port: 80}], route: [{destination: {host: 'istio-egressgateway.istio-system.svc.cluster.local', port: {number: 80}}}]},
    {match: [{gateways: ['egress'], port: 80}], route: [{destination: {host: 'edition.cnn.com', port: {number: 80}}}]},
  ],
  tls: [{match: [{gateways: ['egress'], port: 443, sniHosts: ['edition.cnn.com']}], route: [{destination: {host: 'edition.cnn.com', port: {number: 443}}}]}],
})

describe('egress gateway proxy (istio gateway.go)', () => {
  test('servers bind the Service targetPort: 80 ⇒ 0.0.0.0_8080 (route http.8080, vhost HOST:80), 443 ⇒ 0.0.0.0_8443', () => {
    const {table} = compile([...sleepClient(), ...egressGateway(), cnn, gateway('default', 'egress', [httpServer, tlsServer]), throughGateway])
    const gw = table.proxies[GW]
    expect(gw.kind).toBe('gateway')
    expect(gw.listeners.map((l) => l.name)).toEqual(['0.0.0.0_8080', '0.0.0.0_8443'])
    const vh = gw.routeConfigs['http.8080'].virtualHosts
    expect(vh.map((v) => [v.name, v.routes.map((r) => ref(r.origin))])).toEqual([['edition.cnn.com:80', ['VirtualService/default/via-gw']]])
    expect(listenerNamed(gw, '0.0.0.0_8443')!.filterChains.map((c) => [c.match.serverNames, c.action])).toEqual([
      [['edition.cnn.com'], {kind: 'tcp_proxy', cluster: 'outbound|443||edition.cnn.com'}],
    ])
  })

  test('no catch-all at the gateway: no default chain, and without a bound VirtualService only the blackhole vhost', () => {
    const gw = compile([...sleepClient(), ...egressGateway(), cnn, gateway('default', 'egress', [httpServer])]).table.proxies[GW]
    expect(listenerNamed(gw, '0.0.0.0_8080')!.defaultChain).toBeNull()
    expect(gw.routeConfigs['http.8080'].virtualHosts.map((v) => [v.name, v.routes.length])).toEqual([['blackhole:80', 0]])
  })

  test('a resolution NONE ServiceEntry becomes an EDS cluster without endpoints at the gateway', () => {
    const none = serviceEntry('default', 'n', {hosts: ['n.example.com'], resolution: 'NONE', ports: [{number: 80, name: 'http', protocol: 'HTTP'}]})
    const {table, sidecar} = compile([...sleepClient(), ...egressGateway(), none, gateway('default', 'egress', [httpServer])])
    const c = table.proxies[GW].clusters['outbound|80||n.example.com']
    expect([c.type, c.endpoints]).toEqual(['EDS', []])
    expect(sidecar.clusters['outbound|80||n.example.com'].type).toBe('ORIGINAL_DST')
  })

  test('a terminating server (MUTUAL) gets an SNI chain that ends TLS and routes HTTP', () => {
    const mtls = {port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['edition.cnn.com'], tls: {mode: 'MUTUAL'}}
    const gw = compile([...sleepClient(), ...egressGateway(), cnn, gateway('default', 'egress', [mtls]), throughGateway]).table.proxies[GW]
    const [chain] = listenerNamed(gw, '0.0.0.0_8443')!.filterChains
    expect([chain.match, chain.downstreamTls?.mode, chain.action]).toEqual([
      {serverNames: ['edition.cnn.com']},
      'MUTUAL',
      {kind: 'http', routeConfig: 'https.443.https.egress.default'},
    ])
  })

  // istio pilot/pkg/model/push_context.go mergeGateways: "no selector. Applies to all workloads asking for the gateway".
  test.each([
    ['without a selector', {servers: [httpServer]}],
    ['with an empty selector', {selector: {}, servers: [httpServer]}],
  ])('a Gateway %s applies to every gateway workload', (_, spec) => {
    const gw = compile([...sleepClient(), ...egressGateway(), cnn, {...gateway('default', 'egress', [httpServer]), spec}, throughGateway]).table.proxies[GW]
    expect(gw.routeConfigs['http.8080'].virtualHosts.map((v) => [v.name, v.routes.map((r) => ref(r.origin))])).toEqual([['edition.cnn.com:80', ['VirtualService/default/via-gw']]])
  })

  test('a Gateway whose selector the pod does not hold binds nothing there', () => {
    const other = {...gateway('default', 'egress', [httpServer]), spec: {selector: {istio: 'ingressgateway'}, servers: [httpServer]}}
    expect(compile([...sleepClient(), ...egressGateway(), cnn, other, throughGateway]).table.proxies[GW].listeners).toEqual([])
  })

  test('the gateway pod gets its own NetworkPolicy view as a workload', () => {
    const {table} = compile([...sleepClient(), ...egressGateway(), gateway('default', 'egress', [httpServer])])
    expect(table.workloads[GW]).toMatchObject({id: GW, proxy: GW, capture: null, namespace: 'istio-system'})
  })
})
