import {describe, expect, test} from 'vitest'
import {compile, destinationRule, egressGateway, listenerFor, listenerNamed, meshConfig, namespace, ref, serviceEntry, sleepClient, deployment} from './builders.js'

describe('TLS and TCP ServiceEntries on the sidecar (istio listener.go, tls.go)', () => {
  test('a TLS host without addresses is told apart by SNI on 0.0.0.0_443; other SNI falls through', () => {
    const se = serviceEntry('default', 'cnn', {hosts: ['edition.cnn.com'], ports: [{number: 443, name: 'tls', protocol: 'TLS'}]})
    const l = listenerNamed(compile([meshConfig('REGISTRY_ONLY'), ...sleepClient(), se]).sidecar, '0.0.0.0_443')!
    expect(l.filterChains.map((c) => [c.match.serverNames, c.action])).toEqual([[['edition.cnn.com'], {kind: 'tcp_proxy', cluster: 'outbound|443||edition.cnn.com'}]])
    expect(l.inspectors.tls).toBe(true)
    expect(l.defaultChain?.action).toEqual({kind: 'tcp_proxy', cluster: 'BlackHoleCluster'})
  })

  test('a TCP ServiceEntry without addresses owns the whole port: a match-all chain and no fall-through', () => {
    const se = serviceEntry('default', 'db', {hosts: ['db.example.com'], ports: [{number: 5432, name: 'tcp', protocol: 'TCP'}]})
    const l = listenerFor(compile([meshConfig('REGISTRY_ONLY'), ...sleepClient(), se]).sidecar, '8.8.8.8', 5432)
    expect(l.name).toBe('0.0.0.0_5432')
    expect(l.filterChains.map((c) => c.match)).toEqual([{}])
    expect(l.defaultChain).toBeNull()
  })

  test('a TCP ServiceEntry with a CIDR matches by prefix range and keeps the fall-through', () => {
    const se = serviceEntry('default', 'db', {hosts: ['db.example.com'], addresses: ['10.1.0.0/16'], resolution: 'NONE', ports: [{number: 5432, name: 'tcp', protocol: 'TCP'}]})
    const l = listenerNamed(compile([...sleepClient(), se]).sidecar, '0.0.0.0_5432')!
    expect(l.filterChains.map((c) => c.match)).toEqual([{prefixRanges: ['10.1.0.0/16']}])
    expect(l.defaultChain?.name).toBe('PassthroughFilterChain')
  })

  test('virtualOutbound hands off to the original destination and guards against loops', () => {
    const l = listenerNamed(compile(sleepClient()).sidecar, 'virtualOutbound')!
    expect([l.port, l.handOffToOriginalDst]).toEqual([15001, true])
    expect(l.filterChains.map((c) => [c.name, c.match])).toEqual([
      ['virtualOutbound-blackhole', {destinationPort: 15001}],
      ['virtualOutbound-catchall-tcp', {}],
    ])
  })
})

describe('clusters (istio cluster.go, cluster_tls.go)', () => {
  test.each([
    {resolution: 'DNS', type: 'STRICT_DNS', endpoints: [{host: 'httpbin.org', port: 80}]},
    {resolution: 'NONE', type: 'ORIGINAL_DST', endpoints: []},
    {resolution: 'DNS_ROUND_ROBIN', type: 'LOGICAL_DNS', endpoints: [{host: 'httpbin.org', port: 80}]},
  ])('resolution $resolution ⇒ $type', ({resolution, type, endpoints}) => {
    const se = serviceEntry('default', 'h', {hosts: ['httpbin.org'], resolution, ports: [{number: 80, name: 'http', protocol: 'HTTP'}]})
    const c = compile([...sleepClient(), se]).sidecar.clusters['outbound|80||httpbin.org']
    expect([c.type, c.endpoints]).toEqual([type, endpoints])
  })

  test('ISTIO_MUTUAL without sni sends the cluster SNI name; an explicit sni wins', () => {
    const dr = destinationRule('default', 'gw', {
      host: 'istio-egressgateway.istio-system.svc.cluster.local',
      subsets: [
        {name: 'plain', trafficPolicy: {tls: {mode: 'ISTIO_MUTUAL'}}},
        {name: 'cnn', trafficPolicy: {portLevelSettings: [{port: {number: 443}, tls: {mode: 'ISTIO_MUTUAL', sni: 'edition.cnn.com'}}]}},
      ],
    })
    const {sidecar} = compile([...sleepClient(), ...egressGateway(), dr])
    const host = 'istio-egressgateway.istio-system.svc.cluster.local'
    expect(sidecar.clusters[`outbound|443|plain|${host}`].tls?.sni).toBe(`outbound_.443_.plain_.${host}`)
    expect(sidecar.clusters[`outbound|443|cnn|${host}`].tls?.sni).toBe('edition.cnn.com')
    expect(sidecar.clusters[`outbound|80|cnn|${host}`].tls).toBeUndefined()
    expect(ref(sidecar.clusters[`outbound|443|cnn|${host}`].tls!.origin)).toBe('DestinationRule/default/gw')
  })

  test('the egress gateway Service endpoints continue at the gateway proxy on the target port', () => {
    const c = compile([...sleepClient(), ...egressGateway()]).sidecar.clusters['outbound|443||istio-egressgateway.istio-system.svc.cluster.local']
    expect(c.endpoints).toEqual([{host: 'istio-egressgateway.istio-system.svc.cluster.local', port: 8443, proxy: {id: 'istio-system/istio-egressgateway', targetPort: 8443}}])
  })
})

describe('DestinationRule lookup path: client ns → service ns → root ns (istio push_context.go)', () => {
  const subsetCluster = 'outbound|80|cnn|istio-egressgateway.istio-system.svc.cluster.local'
  const drIn = (ns: string, exportTo?: string[]) =>
    destinationRule(ns, 'gw', {host: 'istio-egressgateway.istio-system.svc.cluster.local', subsets: [{name: 'cnn'}], ...(exportTo ? {exportTo} : {})})
  const client = (ns: string) => [namespace(ns), deployment(ns, 'sleep')]
  test.each([
    {where: 'test-egress', from: 'test-egress/sleep', exists: true},
    {where: 'default', from: 'test-egress/sleep', exists: false},
    {where: 'istio-system', from: 'test-egress/sleep', exists: true},
    {where: 'istio-system', exportTo: ['.'], from: 'test-egress/sleep', exists: false},
  ])('subset DR in $where (exportTo $exportTo), client $from ⇒ subset cluster exists: $exists', ({where, exportTo, from, exists}) => {
    const {sidecar} = compile([...client('test-egress'), ...egressGateway(), drIn(where, exportTo)], from)
    expect(subsetCluster in sidecar.clusters).toBe(exists)
  })
})
