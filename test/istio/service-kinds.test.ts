import {describe, expect, test} from 'vitest'
import {aliasesByConcreteHost} from '../../sim/compile/istio/aliases.js'
import {kubePortProtocol} from '../../sim/compile/istio/protocol.js'
import {meshServices} from '../../sim/compile/istio/services.js'
import {oneServicePerHost} from '../../sim/compile/istio/sidecar-scope.js'
import {altVirtualHosts, virtualHostDomains} from '../../sim/compile/istio/vhost-domains.js'
import {resource} from '../helpers/resource.js'
import {compile, deployment, listenerNamed, namespace, serviceEntry, vhostFor} from './builders.js'

const svc = (name: string, spec: Record<string, unknown>, ns = 'default') => ({apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: ns}, spec})
const client = () => [namespace('default'), deployment('default', 'app')]

// istio pkg/config/kube/conversion.go ConvertProtocol
describe('Kubernetes port protocols', () => {
  test.each([
    {port: {port: 80, name: 'http-web'}, want: 'HTTP'},
    {port: {port: 80, name: 'grpc-web-ui'}, want: 'GRPC-WEB'},
    {port: {port: 80, name: 'web'}, want: 'AUTO'},
    {port: {port: 80, name: 'http', appProtocol: 'tcp'}, want: 'TCP'},
    {port: {port: 80, name: 'http', appProtocol: 'custom'}, want: 'AUTO'},
    {port: {port: 80, appProtocol: 'kubernetes.io/h2c'}, want: 'HTTP2'},
    {port: {port: 3306, name: 'db'}, want: 'TCP'},
    {port: {port: 53, name: 'dns', protocol: 'UDP'}, want: 'UDP'},
    {port: {port: 9000, name: 'udp-stats'}, want: 'UDP'},
  ])('$port ⇒ $want', ({port, want}) => {
    expect(kubePortProtocol(port)).toBe(want)
  })
})

// istio pilot/pkg/serviceregistry/kube/conversion.go ConvertService; serviceentry/conversion.go convertServices
describe('services as the registry holds them', () => {
  test('ExternalName is an alias, clusterIP None is headless (NONE), a ServiceEntry gives one service per host and address', () => {
    const set = {
      resources: [
        resource(svc('alias', {type: 'ExternalName', externalName: 'concrete.default.svc.cluster.local'})),
        resource(svc('db', {clusterIP: 'None', ports: [{port: 5432, name: 'tcp'}]})),
        resource(
          serviceEntry('default', 'two', {
            hosts: ['a.example', 'b.example'],
            addresses: ['1.1.1.1', '10.0.0.0/8', '2.2.2.2/32'],
            ports: [{number: 80, name: 'http', protocol: 'HTTP'}],
          }),
        ),
      ],
    }
    const got = meshServices(set).map((s) => `${s.host} ${s.resolution} ${s.address}`)
    expect(got).toEqual([
      'a.example DNS 1.1.1.1',
      'a.example DNS 10.0.0.0/8',
      'a.example DNS 2.2.2.2',
      'alias.default.svc.cluster.local ALIAS 0.0.0.0',
      'b.example DNS 1.1.1.1',
      'b.example DNS 10.0.0.0/8',
      'b.example DNS 2.2.2.2',
      'db.default.svc.cluster.local NONE 0.0.0.0',
    ])
  })

  // istio pilot/pkg/model/sidecar.go appendSidecarServices, canMergeServices
  test('one service per host in a sidecar scope: the first keeps its address, a mergeable one adds its ports', () => {
    const set = {
      resources: [
        resource(serviceEntry('default', 'http', {hosts: ['istio.io'], ports: [{number: 80, name: 'http', protocol: 'HTTP'}]})),
        resource(serviceEntry('default', 'https', {hosts: ['istio.io'], ports: [{number: 443, name: 'https', protocol: 'HTTPS'}]})),
        resource(serviceEntry('other', 'https', {hosts: ['istio.io'], ports: [{number: 8443, name: 'https', protocol: 'HTTPS'}]})),
      ],
    }
    const merged = oneServicePerHost(meshServices(set))
    expect(merged.map((s) => [s.host, s.namespace, s.ports.map((p) => p.number)])).toEqual([['istio.io', 'default', [80, 443]]])
  })

  // istio pilot/pkg/model/push_context.go resolveServiceAliases
  test('aliases are followed through chains; a loop resolves to nothing', () => {
    const set = {
      resources: [
        resource(svc('a1', {type: 'ExternalName', externalName: 'a2.default.svc.cluster.local'})),
        resource(svc('a2', {type: 'ExternalName', externalName: 'concrete.default.svc.cluster.local'})),
        resource(svc('loop1', {type: 'ExternalName', externalName: 'loop2.default.svc.cluster.local'})),
        resource(svc('loop2', {type: 'ExternalName', externalName: 'loop1.default.svc.cluster.local'})),
      ],
    }
    const aliases = aliasesByConcreteHost(meshServices(set))
    expect([...aliases.entries()].map(([k, v]) => [k, v.map((a) => a.host)])).toEqual([
      ['concrete.default.svc.cluster.local', ['a1.default.svc.cluster.local', 'a2.default.svc.cluster.local']],
    ])
  })
})

// istio pilot/pkg/networking/core/httproute.go GenerateAltVirtualHosts, generateVirtualHostDomains
describe('virtual host domains', () => {
  test.each([
    {host: 'web.default.svc.cluster.local', ns: 'default', version: '1.26', want: ['web', 'web.default.svc', 'web.default']},
    {host: 'web.shop.svc.cluster.local', ns: 'default', version: '1.26', want: ['web.shop', 'web.shop.svc']},
    {host: 'web.shop.svc.cluster.local', ns: 'default', version: '1.27', want: ['web.shop.svc.cluster.local.', 'web.shop', 'web.shop.svc']},
    {host: 'httpbin.org', ns: 'default', version: '1.31', want: ['httpbin.org.']},
    {host: '10.0.0.1', ns: 'default', version: '1.31', want: []},
  ] as const)('$host from $ns on $version ⇒ $want', ({host, ns, version, want}) => {
    expect(altVirtualHosts(host, ns, version)).toEqual(want)
  })

  test('a headless Service adds "*." forms; aliases and addresses follow', () => {
    const {domains} = virtualHostDomains({host: 'db.default.svc.cluster.local', addresses: ['0.0.0.0'], headless: true, aliases: ['old.default.svc.cluster.local']}, 'shop', '1.26')
    expect(domains).toEqual([
      'db.default.svc.cluster.local',
      'db.default',
      'db.default.svc',
      'old.default.svc.cluster.local',
      'old.default',
      'old.default.svc',
      '*.db.default.svc.cluster.local',
      '*.db.default',
      '*.db.default.svc',
      '*.old.default.svc.cluster.local',
      '*.old.default',
      '*.old.default.svc',
    ])
  })
})

describe('sniffed ports and aliases in the sidecar table', () => {
  // istio httproute.go getVirtualHostsForSniffedServicePort
  test('a sniffed port on its VIP has a route config of its own with one virtual host for any Host, and no catch-all', () => {
    const {sidecar} = compile([...client(), svc('web', {clusterIP: '10.0.0.9', ports: [{port: 9000, name: 'web'}]})], 'default/app')
    const chain = listenerNamed(sidecar, '10.0.0.9_9000')!.filterChains.find((c) => c.action.kind === 'http')!
    expect(chain.action).toEqual({kind: 'http', routeConfig: 'web.default.svc.cluster.local:9000'})
    const rc = sidecar.routeConfigs['web.default.svc.cluster.local:9000']
    expect(rc.virtualHosts.map((v) => [v.name, v.domains])).toEqual([['web.default.svc.cluster.local:9000', ['*']]])
  })

  // istio listener.go buildSidecarOutboundListener, cluster.go buildOutboundClusters
  test('an alias gets no listener and no cluster; its names are domains of the concrete virtual host', () => {
    const {sidecar} = compile(
      [
        ...client(),
        svc('alias', {type: 'ExternalName', externalName: 'concrete.default.svc.cluster.local', ports: [{port: 80, name: 'http'}]}),
        svc('concrete', {clusterIP: '10.0.0.1', ports: [{port: 80, name: 'http'}]}),
      ],
      'default/app',
    )
    expect(Object.keys(sidecar.clusters).filter((c) => c.includes('alias'))).toEqual([])
    const vh = vhostFor(sidecar.routeConfigs['80'], 'alias.default.svc.cluster.local')!
    expect(vh.name).toBe('concrete.default.svc.cluster.local:80')
    expect(vh.domains).toEqual(expect.arrayContaining(['alias', 'alias.default', 'alias.default.svc.cluster.local.']))
  })
})
