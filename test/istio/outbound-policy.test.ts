import {describe, expect, test} from 'vitest'
import {compile, listenerFor, meshConfig, ref, service, serviceEntry, sidecar, sleepClient, vhostFor, namespace, deployment} from './builders.js'

const cnnTls = serviceEntry('default', 'cnn', {hosts: ['edition.cnn.com'], ports: [{number: 443, name: 'tls', protocol: 'TLS'}]})

describe('unknown destinations: the catch-all depends on the listeners of the port (istio.md §2.3)', () => {
  test.each([
    {mode: 'REGISTRY_ONLY', port: 80, want: 'route block_all 502'},
    {mode: 'ALLOW_ANY', port: 80, want: 'route allow_any PassthroughCluster'},
    {mode: 'REGISTRY_ONLY', port: 8080, want: 'chain virtualOutbound-catchall-tcp BlackHoleCluster'},
    {mode: 'ALLOW_ANY', port: 8080, want: 'chain virtualOutbound-catchall-tcp PassthroughCluster'},
    {mode: 'REGISTRY_ONLY', port: 443, want: 'chain PassthroughFilterChain BlackHoleCluster'},
  ] as const)('$mode plain HTTP to port $port ⇒ $want', ({mode, port, want}) => {
    const {sidecar} = compile([meshConfig(mode), ...sleepClient(), cnnTls])
    const l = listenerFor(sidecar, '34.194.129.11', port)
    const http = l.filterChains.find((c) => c.action.kind === 'http')
    if (http && http.action.kind === 'http') {
      const vh = vhostFor(sidecar.routeConfigs[http.action.routeConfig], 'httpbin.org')!
      const r = vh.routes[0]
      const action = r.action.kind === 'direct_response' ? String(r.action.status) : r.action.kind === 'cluster' ? r.action.clusters[0].name : ''
      expect(`route ${r.name} ${action}`).toBe(want)
    } else {
      const chain = l.filterChains.find((c) => c.name.startsWith('virtualOutbound-catchall')) ?? l.defaultChain!
      expect(`chain ${chain.name} ${chain.action.kind === 'tcp_proxy' ? chain.action.cluster : ''}`).toBe(want)
    }
  })

  test('the catch-all and the fall-through chains cite the ConfigMap', () => {
    const {sidecar} = compile([meshConfig('REGISTRY_ONLY'), ...sleepClient()])
    const rc = sidecar.routeConfigs['80']
    expect(ref(vhostFor(rc, 'httpbin.org')!.routes[0].origin)).toBe('ConfigMap/istio-system/istio')
    expect(ref(listenerFor(sidecar, '1.2.3.4', 80).defaultChain!.origin)).toBe('ConfigMap/istio-system/istio')
  })

  test('no mesh config ⇒ ALLOW_ANY, stated as an assumption', () => {
    const {sidecar, table} = compile(sleepClient())
    expect(vhostFor(sidecar.routeConfigs['80'], 'httpbin.org')!.name).toBe('allow_any')
    expect(table.assumptions.map((a) => a.code)).toContain('NO_MESHCONFIG')
  })

  test('the allow_any route has no timeout and no retries', () => {
    const r = vhostFor(compile([meshConfig('ALLOW_ANY'), ...sleepClient()]).sidecar.routeConfigs['80'], 'x.example')!.routes[0]
    expect([r.timeoutSeconds, r.retries]).toEqual([0, undefined])
  })
})

describe('a Sidecar outboundTrafficPolicy overrides the mesh (istio pilot/pkg/model/sidecar.go)', () => {
  test.each([
    {mesh: 'ALLOW_ANY', where: 'default', mode: 'REGISTRY_ONLY', want: 'block_all', by: 'Sidecar/default/s'},
    {mesh: 'REGISTRY_ONLY', where: 'default', mode: 'ALLOW_ANY', want: 'allow_any', by: 'Sidecar/default/s'},
    {mesh: 'ALLOW_ANY', where: 'istio-system', mode: 'REGISTRY_ONLY', want: 'block_all', by: 'Sidecar/istio-system/s'},
    {mesh: 'ALLOW_ANY', where: 'other', mode: 'REGISTRY_ONLY', want: 'allow_any', by: 'ConfigMap/istio-system/istio'},
  ] as const)('mesh $mesh, Sidecar in $where says $mode ⇒ $want', ({mesh, where, mode, want, by}) => {
    const sc = sidecar(where, 's', {egress: [{hosts: ['*/*']}], outboundTrafficPolicy: {mode}})
    const vh = vhostFor(compile([meshConfig(mesh), ...sleepClient(), sc]).sidecar.routeConfigs['80'], 'httpbin.org')!
    expect([vh.name, ref(vh.origin)]).toEqual([want, by])
  })

  test('a Sidecar with a matching workloadSelector beats the namespace default', () => {
    const general = sidecar('default', 'general', {outboundTrafficPolicy: {mode: 'ALLOW_ANY'}})
    const specific = sidecar('default', 'specific', {workloadSelector: {labels: {app: 'sleep'}}, outboundTrafficPolicy: {mode: 'REGISTRY_ONLY'}})
    expect(vhostFor(compile([...sleepClient(), general, specific]).sidecar.routeConfigs['80'], 'a.b')!.name).toBe('block_all')
  })

  test('Sidecar egress hosts limit what the proxy knows: unimported hosts hit the catch-all', () => {
    const httpbin = serviceEntry('default', 'httpbin', {hosts: ['httpbin.org'], ports: [{number: 80, name: 'http', protocol: 'HTTP'}]})
    const sc = sidecar('default', 's', {egress: [{hosts: ['./sleep.default.svc.cluster.local']}]})
    const rc = compile([meshConfig('REGISTRY_ONLY'), ...sleepClient(), httpbin, sc]).sidecar.routeConfigs['80']
    expect(vhostFor(rc, 'httpbin.org')!.name).toBe('block_all')
    expect(vhostFor(rc, 'sleep.default.svc.cluster.local')!.name).toBe('sleep.default.svc.cluster.local:80')
  })
})

describe('ports with and without an HTTP listener', () => {
  test('a Kubernetes port named http-* gives 0.0.0.0_PORT an HTTP chain; a port named otherwise is sniffed on its VIP', () => {
    const svc = service(
      'default',
      'web',
      [
        {name: 'http-web', port: 8000},
        {name: 'metrics', port: 9090},
      ],
      {clusterIP: '10.96.1.1'},
    )
    const {sidecar} = compile([...sleepClient(), svc])
    expect(sidecar.listeners.map((l) => l.name)).toEqual(expect.arrayContaining(['0.0.0.0_8000', '10.96.1.1_9090']))
    expect(sidecar.listeners.find((l) => l.name === '0.0.0.0_9090')).toBeUndefined()
  })

  test('a pod with no sidecar has no proxy and no capture', () => {
    const {table} = compile([namespace('plain', {}), deployment('plain', 'sleep')], 'plain/sleep')
    expect([table.client.proxy, table.client.capture]).toEqual([null, null])
  })
})
