import {describe, expect, test} from 'vitest'
import {allocateAddresses, allocatorV2} from '../../sim/compile/istio/address-allocation.js'
import {meshServices} from '../../sim/compile/istio/services.js'
import {resolveName} from '../../sim/trace/resolve-name.js'
import {resource} from '../helpers/resource.js'
import {compile, deployment, listenerNamed, namespace, serviceEntry} from './builders.js'

const se = (ns: string, name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}) => resource(serviceEntry(ns, name, spec, meta))
const v1 = {value: false, origin: {from: 'default' as const, says: 'test'}}
const v2 = {value: true, origin: {from: 'default' as const, says: 'test'}}

// istio pilot/pkg/serviceregistry/serviceentry/auto_allocation.go autoAllocateIPs
describe('the hash-based allocator', () => {
  test('two ServiceEntries for istio.io in default share 240.240.91.120 (the address serviceentry_simulation_test.go expects)', () => {
    const set = {
      resources: [
        se('default', 'istio-http', {hosts: ['istio.io'], ports: [{number: 80, name: 'http', protocol: 'HTTP'}]}),
        se('default', 'istio-https', {hosts: ['istio.io'], ports: [{number: 443, name: 'https', protocol: 'HTTPS'}]}),
      ],
    }
    const {services} = allocateAddresses(meshServices(set), v1)
    expect(services.map((s) => s.autoAllocated?.v4)).toEqual(['240.240.91.120', '240.240.91.120'])
  })

  test('nothing for resolution NONE, wildcard hosts, or a ServiceEntry with addresses', () => {
    const set = {
      resources: [
        se('default', 'none', {hosts: ['none.example'], resolution: 'NONE', ports: [{number: 80, name: 'http', protocol: 'HTTP'}]}),
        se('default', 'wild', {hosts: ['*.wild.example'], ports: [{number: 80, name: 'http', protocol: 'HTTP'}]}),
        se('default', 'vip', {hosts: ['vip.example'], addresses: ['10.0.0.1'], ports: [{number: 80, name: 'http', protocol: 'HTTP'}]}),
      ],
    }
    expect(allocateAddresses(meshServices(set), v1).services.map((s) => s.autoAllocated)).toEqual([undefined, undefined, undefined])
  })
})

// istio pilot/pkg/networking/serviceentry/ip_autoallocation.go, pilot/pkg/controllers/ipallocate/ipallocate.go
describe('the status.addresses allocator', () => {
  test('status.addresses of the host are used; the opt-out label and NONE get none; without status an address is assumed and said', () => {
    const set = {
      resources: [
        se('default', 'db', {hosts: ['db.example'], ports: [{number: 5432, name: 'tcp', protocol: 'TCP'}]}),
        se('default', 'out', {hosts: ['out.example'], ports: [{number: 5432, name: 'tcp', protocol: 'TCP'}]}, {labels: {'networking.istio.io/enable-autoallocate-ip': 'false'}}),
        se('default', 'none', {hosts: ['none.example'], resolution: 'NONE', ports: [{number: 5432, name: 'tcp', protocol: 'TCP'}]}),
      ],
    }
    set.resources[0].raw.status = {
      addresses: [
        {host: 'db.example', value: '240.240.0.9'},
        {host: 'db.example', value: '2001:2::9'},
      ],
    }
    const {services} = allocateAddresses(meshServices(set), v2)
    expect(services.map((s) => s.autoAllocated && [s.autoAllocated.v4, s.autoAllocated.v6])).toEqual([['240.240.0.9', '2001:2::9'], undefined, undefined])
    const bare = allocateAddresses(meshServices({resources: [set.resources[1]].map((r) => ({...r, metadata: {...r.metadata, labels: {}}}))}), v2)
    expect([bare.services[0].autoAllocated?.v4, bare.assumptions.map((a) => a.code)]).toEqual(['240.240.0.1', ['AUTO_ALLOCATED_ADDRESS_ASSUMED']])
  })

  // istio pilot/pkg/features/pilot.go PILOT_ENABLE_IP_AUTOALLOCATE: false in 1.23–1.24, true since 1.25
  test.each([
    ['1.24', false],
    ['1.25', true],
    ['1.31', true],
  ] as const)('istiod %s runs the newer allocator: %s', (version, want) => {
    expect(allocatorV2({resources: []}, 'istio-system', version).value).toBe(want)
  })
})

// istio pilot/pkg/model/service.go GetAddressForProxy, nodeUsesAutoallocatedIPs
describe('which address a sidecar listens on', () => {
  const tcp = serviceEntry('default', 'db', {hosts: ['db.example'], ports: [{number: 5432, name: 'tcp', protocol: 'TCP'}]})
  const withStatus = {...tcp, status: {addresses: [{host: 'db.example', value: '240.240.0.9'}]}}
  const app = (annotations?: Record<string, string>) => [namespace('default'), deployment('default', 'app', annotations ? {annotations} : {})]
  const capture = {'proxy.istio.io/config': 'proxyMetadata:\n  ISTIO_META_DNS_CAPTURE: "true"\n'}

  test('only with DNS capture: the allocated address; without, 0.0.0.0', () => {
    expect(listenerNamed(compile([...app(capture), withStatus], 'default/app').sidecar, '240.240.0.9_5432')).toBeDefined()
    expect(listenerNamed(compile([...app(), withStatus], 'default/app').sidecar, '0.0.0.0_5432')).toBeDefined()
  })

  test('with DNS capture the sidecar DNS proxy answers the hosts it knows (Services too) with their addresses; kube-dns answers without', () => {
    const {table} = compile(
      [...app(capture), withStatus, {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'shop'}, spec: {clusterIP: '10.0.0.7', ports: [{port: 80}]}}],
      'default/app',
    )
    expect(resolveName(table.names!, 'db.example', 'default')?.record.address).toBe('240.240.0.9')
    expect(resolveName(table.names!, 'web.shop', 'default')?.record).toMatchObject({address: '10.0.0.7', by: 'istio-dns-proxy'})
    expect(resolveName(table.names!, 'web', 'default')).toBeNull()
    const plain = compile(
      [...app(), withStatus, {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'default'}, spec: {clusterIP: '10.0.0.7', ports: [{port: 80}]}}],
      'default/app',
    ).table
    expect(resolveName(plain.names!, 'web', 'default')?.record).toMatchObject({address: '10.0.0.7', by: 'kube-dns'})
    expect(resolveName(plain.names!, 'db.example', 'default')).toBeNull()
  })
})
