import {describe, expect, test} from 'vitest'
import {resource} from '../helpers/resource.js'
import {compile, meshConfig, namespace, strict} from './builders.js'

function deployment(annotations: Record<string, string>) {
  return resource(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'curl', namespace: 'curl'},
      spec: {template: {metadata: {annotations}, spec: {serviceAccountName: 'curl'}}},
    },
    'deploy.yaml',
  )
}

describe('client sidecar and capture (osm.md §1.4, §2.11)', () => {
  test('MeshConfig lists and pod annotations merge; inclusion restricts capture', () => {
    const mc = meshConfig({enableEgress: false, outboundIPRangeExclusionList: ['10.0.0.0/8'], outboundPortExclusionList: [6379], outboundIPRangeInclusionList: ['1.2.3.0/24']})
    const pod = deployment({'openservicemesh.io/outbound-port-exclusion-list': '3306, 5432', 'openservicemesh.io/outbound-ip-range-exclusion-list': '192.168.0.0/16'})
    const capture = compile([mc, namespace('curl'), pod]).client.capture!
    expect(capture.redirectPort).toBe(15001)
    expect(capture.excludePorts.map((t) => t.value)).toEqual([6379, 3306, 5432])
    expect(capture.excludeCidrs.map((t) => t.value)).toEqual(['10.0.0.0/8', '192.168.0.0/16'])
    expect(capture.includeCidrs).toMatchObject([{value: '1.2.3.0/24'}])
    expect(capture.excludePorts[1].origin).toMatchObject({
      ref: {kind: 'Deployment'},
      source: {path: '/spec/template/metadata/annotations/openservicemesh.io~1outbound-port-exclusion-list'},
    })
  })

  test('no inclusion list ⇒ every destination is captured', () => {
    expect(compile([strict(), namespace('curl')]).client.capture?.includeCidrs).toBe('*')
  })

  test.each([
    {name: 'namespace annotated', resources: () => [strict(), namespace('curl')], proxy: 'curl/curl'},
    {name: 'pod opts out', resources: () => [strict(), namespace('curl'), deployment({'openservicemesh.io/sidecar-injection': 'disabled'})], proxy: null},
    {name: 'namespace not in the mesh', resources: () => [strict(), namespace('curl', false)], proxy: null},
    {name: 'namespace not described', resources: () => [strict()], proxy: 'curl/curl'},
  ])('$name', ({resources, proxy}) => {
    const table = compile(resources())
    expect(table.client.proxy).toBe(proxy)
    expect(Object.keys(table.proxies)).toEqual(proxy ? [proxy] : [])
    expect(table.client.capture === null).toBe(proxy === null)
  })
})

describe('in-mesh upstreams (osm.md §3)', () => {
  const service = (clusterIP?: string) =>
    resource({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'db', namespace: 'curl'},
      spec: {...(clusterIP ? {clusterIP} : {}), ports: [{name: 'tcp-server-first-mysql', port: 3306}]},
    })

  test('permissive mode: a /32 chain per Service port; server-first ports disable the inspectors', () => {
    const mc = meshConfig({enableEgress: false, enablePermissiveTrafficPolicyMode: true})
    const proxy = compile([mc, namespace('curl'), service('10.96.0.10')]).proxies['curl/curl']
    expect(proxy.listeners[0].filterChains.map((c) => [c.name, c.match])).toEqual([
      ['outbound_curl/db_3306_tcp-server-first', {destinationPort: 3306, prefixRanges: ['10.96.0.10/32']}],
    ])
    expect(proxy.listeners[0].inspectors.disabledOnPorts).toEqual([3306])
  })

  test('a Service without ClusterIP is left out, and said', () => {
    const table = compile([meshConfig({enableEgress: false, enablePermissiveTrafficPolicyMode: true}), namespace('curl'), service()])
    expect(table.proxies['curl/curl'].listeners).toEqual([])
    expect(table.assumptions.map((a) => a.code)).toContain('MESH_SERVICE_IP_UNKNOWN')
  })
})

describe('NetworkPolicy (generic, sim/compile/firewall.ts)', () => {
  test('a policy selecting the client pod isolates it', () => {
    const np = resource({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {name: 'deny-all', namespace: 'curl'},
      spec: {podSelector: {}, policyTypes: ['Egress']},
    })
    const firewall = compile([strict(), namespace('curl'), np]).client.firewall
    expect(firewall.isolatedBy).toMatchObject([{ref: {kind: 'NetworkPolicy', name: 'deny-all'}}])
    expect(firewall.rules).toEqual([])
  })
})
