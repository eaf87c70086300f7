import {describe, expect, test} from 'vitest'
import {egressFirewall} from '../../sim/compile/firewall.js'
import {resource} from '../helpers/resource.js'
import {compile, deployment, egressGateway, namespace, networkPolicy, ref} from './builders.js'

const client = (annotations: Record<string, string>, nsLabels: Record<string, string> = {'istio-injection': 'enabled'}) => [
  namespace('default', nsLabels),
  deployment('default', 'sleep', {annotations}),
]

describe('capture (traffic.sidecar.istio.io annotations; istio tools/istio-iptables capture/run.go)', () => {
  test('defaults: everything redirected to 15001', () => {
    const {table} = compile(client({}))
    expect(table.client.capture).toMatchObject({redirectPort: 15001, includeCidrs: '*', excludeCidrs: [], excludePorts: [], includePorts: []})
  })

  test('include/exclude ranges and ports are read from the pod template, each citing it', () => {
    const {table} = compile(
      client({
        'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.96.0.0/12, 10.244.0.0/16',
        'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.96.0.10/32',
        'traffic.sidecar.istio.io/excludeOutboundPorts': '3306',
      }),
    )
    const cap = table.client.capture!
    expect(cap.includeCidrs === '*' ? '*' : cap.includeCidrs.map((c) => c.value)).toEqual(['10.96.0.0/12', '10.244.0.0/16'])
    expect(cap.excludeCidrs.map((c) => [c.value, ref(c.origin)])).toEqual([['10.96.0.10/32', 'Deployment/default/sleep']])
    expect(cap.excludePorts.map((p) => p.value)).toEqual([3306])
    expect(ref(cap.origin)).toBe('Deployment/default/sleep')
  })

  test('an empty include list redirects nothing (not "*")', () => {
    const cap = compile(client({'traffic.sidecar.istio.io/includeOutboundIPRanges': ''})).table.client.capture!
    expect(cap.includeCidrs).toEqual([])
  })

  test.each<{nsLabels: Record<string, string>; annotations: Record<string, string>; injected: boolean}>([
    {nsLabels: {'istio-injection': 'enabled'}, annotations: {}, injected: true},
    {nsLabels: {}, annotations: {}, injected: false},
    {nsLabels: {'istio-injection': 'enabled'}, annotations: {'sidecar.istio.io/inject': 'false'}, injected: false},
    {nsLabels: {'istio-injection': 'disabled'}, annotations: {'sidecar.istio.io/inject': 'true'}, injected: false},
    {nsLabels: {'istio.io/rev': 'canary'}, annotations: {}, injected: true},
  ])('namespace $nsLabels, pod $annotations ⇒ injected $injected', ({nsLabels, annotations, injected}) => {
    expect(compile(client(annotations, nsLabels)).table.client.proxy !== null).toBe(injected)
  })

  test('no Namespace object ⇒ assumed injected, and said so', () => {
    const {table} = compile([deployment('default', 'sleep')])
    expect([table.client.proxy, table.assumptions.map((a) => a.code)]).toEqual(['default/sleep', ['NO_MESHCONFIG', 'NAMESPACE_ASSUMED_IN_MESH']])
  })
})

describe('NetworkPolicy egress (kubernetes networking/v1; istio.md §7)', () => {
  const pod = {namespace: 'test-egress', labels: {app: 'sleep'}}
  const set = (...objs: Array<Record<string, unknown>>) => ({resources: objs.map((o) => resource(o))})

  test('policyTypes defaults to Ingress only unless the policy has an egress section', () => {
    const ingressOnly = networkPolicy('test-egress', 'i', {podSelector: {}})
    const denyAll = networkPolicy('test-egress', 'd', {podSelector: {}, policyTypes: ['Egress']})
    expect(egressFirewall(set(ingressOnly), pod, []).isolatedBy).toEqual([])
    const fw = egressFirewall(set(denyAll), pod, [])
    expect([fw.isolatedBy.map(ref), fw.rules]).toEqual([['NetworkPolicy/test-egress/d'], []])
  })

  test('ipBlock keeps its except list', () => {
    const p = networkPolicy('test-egress', 'ip', {podSelector: {}, egress: [{to: [{ipBlock: {cidr: '0.0.0.0/0', except: ['169.254.169.254/32']}}]}]})
    expect(egressFirewall(set(p), pod, []).rules[0].to).toEqual([{kind: 'ipBlock', cidr: '0.0.0.0/0', except: ['169.254.169.254/32']}])
  })

  test('namespaceSelector peers resolve to known pods, the egress gateway included', () => {
    const p = networkPolicy('test-egress', 'gw', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{to: [{namespaceSelector: {matchLabels: {istio: 'system'}}}], ports: [{port: 53, protocol: 'UDP'}, {port: 'http'}]}],
    })
    const {table} = compile(
      [namespace('istio-system', {istio: 'system'}), namespace('test-egress'), deployment('test-egress', 'sleep'), ...egressGateway(), p],
      'test-egress/sleep',
    )
    const [rule] = table.client.firewall.rules
    expect(rule.to).toMatchObject([{kind: 'workloads', ids: ['istio-system/istio-egressgateway']}])
    expect(rule.ports).toEqual([
      {protocol: 'UDP', port: 53},
      {protocol: 'TCP', portName: 'http'},
    ])
  })

  test('a policy selecting other pods does not isolate this one', () => {
    const p = networkPolicy('test-egress', 'other', {podSelector: {matchLabels: {app: 'db'}}, policyTypes: ['Egress']})
    expect(egressFirewall(set(p), pod, []).isolatedBy).toEqual([])
  })
})
