import {describe, expect, test} from 'vitest'
import type {Resource} from '../../src/model/resource.js'
import {validateIstio} from '../../src/validate/istio.js'
import {validateNetworkPolicy} from '../../src/validate/networkpolicy.js'
import {lineOf, resource} from '../helpers/resource.js'
import {deployment, destinationRule, gateway, networkPolicy, serviceEntry, virtualService} from './builders.js'

const http80 = {number: 80, name: 'http', protocol: 'HTTP'}

/** Each row: an object, the code expected and the JSON pointer of the value it must point at. */
interface Row {
  name: string
  object: Record<string, unknown>
  code: string
  at: string
  severity?: 'error' | 'warning'
}

/** Which field the validator blames; where that field is written is the loader's job (test/load). */
function check(validate: (r: Resource) => ReturnType<typeof validateIstio>, row: Row) {
  const r = resource(row.object)
  const found = validate(r).filter((d) => d.code === row.code)
  expect(found.map((d) => [d.code, d.severity, d.source.path])).toEqual([[row.code, row.severity ?? 'error', row.at]])
}

const se = (spec: Record<string, unknown>) => serviceEntry('default', 'se', {ports: [http80], ...spec})

describe('validateIstio: codes and the field blamed', () => {
  const rows: Row[] = [
    {name: 'empty hosts', object: se({hosts: []}), code: 'ISTIO_SE_NO_HOSTS', at: '/spec/hosts'},
    {name: 'missing hosts', object: se({}), code: 'ISTIO_SE_NO_HOSTS', at: '/spec/hosts'},
    {name: '"*" host (CRD rule)', object: se({hosts: ['ok.example.com', '*']}), code: 'ISTIO_CRD_RULE', at: '/spec/hosts/1'},
    {name: 'wildcard in the middle', object: se({hosts: ['a.*.com']}), code: 'ISTIO_SE_BAD_HOST', at: '/spec/hosts/0'},
    {name: 'wildcard + DNS without endpoints', object: se({hosts: ['*.example.com']}), code: 'ISTIO_SE_DNS_WILDCARD', at: '/spec/hosts/0'},
    {name: 'partial wildcard', object: se({hosts: ['*example.com'], resolution: 'NONE'}), code: 'ISTIO_SE_PARTIAL_WILDCARD', at: '/spec/hosts/0', severity: 'warning'},
    {name: 'CIDR with DNS (CRD rule)', object: se({hosts: ['a.com'], addresses: ['10.0.0.0/8']}), code: 'ISTIO_CRD_RULE', at: '/spec'},
    {name: 'bad address', object: se({hosts: ['a.com'], addresses: ['10.0.0.300']}), code: 'ISTIO_SE_BAD_ADDRESS', at: '/spec/addresses/0'},
    {
      name: 'duplicate port number (CRD rule)',
      object: se({hosts: ['a.com'], ports: [http80, {number: 80, name: 'other', protocol: 'HTTP'}]}),
      code: 'ISTIO_CRD_RULE',
      at: '/spec/ports',
    },
    {
      name: 'duplicate port name (CRD list-map key)',
      object: se({hosts: ['a.com'], ports: [http80, {number: 81, name: 'http', protocol: 'HTTP'}]}),
      code: 'ISTIO_CRD_DUPLICATE',
      at: '/spec/ports/1',
    },
    {
      name: 'unsupported protocol',
      object: se({hosts: ['a.com'], ports: [{number: 80, name: 'x', protocol: 'SOAP'}]}),
      code: 'ISTIO_SE_UNSUPPORTED_PROTOCOL',
      at: '/spec/ports/0/protocol',
    },
    {name: 'port name missing (CRD)', object: se({hosts: ['a.com'], ports: [{number: 80, protocol: 'HTTP'}]}), code: 'ISTIO_REQUIRED_FIELD', at: '/spec/ports/0/name'},
    {name: 'resolution not in the enum (CRD)', object: se({hosts: ['a.com'], resolution: 'dns'}), code: 'ISTIO_UNSUPPORTED_VALUE', at: '/spec/resolution'},
    {name: 'NONE with endpoints (CRD rule)', object: se({hosts: ['a.com'], resolution: 'NONE', endpoints: [{address: '1.2.3.4'}]}), code: 'ISTIO_CRD_RULE', at: '/spec'},
    {
      name: 'TCP without addresses',
      object: se({hosts: ['a.com'], resolution: 'NONE', ports: [{number: 5432, name: 'pg', protocol: 'TCP'}]}),
      code: 'ISTIO_SE_ADDRESSES_REQUIRED',
      at: '/spec/ports/0',
      severity: 'warning',
    },
    {
      name: 'unset protocol without addresses',
      object: se({hosts: ['a.com'], resolution: 'NONE', ports: [{number: 5432, name: 'pg'}]}),
      code: 'ISTIO_SE_ADDRESSES_REQUIRED',
      at: '/spec/ports/0',
      severity: 'warning',
    },
    {name: 'VS without routes', object: virtualService('default', 'vs', {hosts: ['a.com']}), code: 'ISTIO_VS_NO_ROUTES', at: '/spec'},
    {
      name: 'VS "*" bound to mesh',
      object: virtualService('default', 'vs', {hosts: ['*'], http: [{route: [{destination: {host: 'a.com'}}]}]}),
      code: 'ISTIO_VS_WILDCARD_MESH',
      at: '/spec/hosts/0',
    },
    {
      name: 'VS bad timeout (CRD rule)',
      object: virtualService('default', 'vs', {hosts: ['a.com'], http: [{timeout: '3 seconds', route: [{destination: {host: 'a.com'}}]}]}),
      code: 'ISTIO_CRD_RULE',
      at: '/spec/http/0/timeout',
    },
    {
      name: 'VS rule after a catch-all',
      object: virtualService('default', 'vs', {
        hosts: ['a.com'],
        http: [{route: [{destination: {host: 'a.com'}}]}, {match: [{uri: {prefix: '/x'}}], route: [{destination: {host: 'a.com'}}]}],
      }),
      code: 'ISTIO_VS_UNREACHABLE_RULE',
      at: '/spec/http/1',
      severity: 'warning',
    },
    {
      name: 'VS sni outside hosts',
      object: virtualService('default', 'vs', {hosts: ['a.com'], tls: [{match: [{sniHosts: ['b.com']}], route: [{destination: {host: 'b.com'}}]}]}),
      code: 'ISTIO_VS_SNI_NOT_IN_HOSTS',
      at: '/spec/tls/0/match/0/sniHosts/0',
    },
    {
      name: 'VS unknown gateway',
      object: virtualService('default', 'vs', {hosts: ['a.com'], gateways: ['nope'], http: [{route: [{destination: {host: 'a.com'}}]}]}),
      code: 'ISTIO_VS_GATEWAY_NOT_FOUND',
      at: '/spec/gateways/0',
      severity: 'warning',
    },
    {
      name: 'VS destination without ServiceEntry',
      object: virtualService('default', 'vs', {hosts: ['a.com'], http: [{route: [{destination: {host: 'a.com'}}]}]}),
      code: 'ISTIO_VS_DESTINATION_NOT_FOUND',
      at: '/spec/http/0/route/0/destination/host',
      severity: 'warning',
    },
    {
      name: 'Gateway HTTPS without tls',
      object: gateway('default', 'gw', [{port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['a.com']}]),
      code: 'ISTIO_GW_TLS_REQUIRED',
      at: '/spec/servers/0',
    },
    {
      name: 'DR duplicate subset',
      object: destinationRule('default', 'dr', {host: 'a.com', subsets: [{name: 'v1'}, {name: 'v1'}]}),
      code: 'ISTIO_DR_DUPLICATE_SUBSET',
      at: '/spec/subsets/1/name',
    },
    {
      name: 'DR bad tls mode (CRD)',
      object: destinationRule('default', 'dr', {host: 'a.com', trafficPolicy: {tls: {mode: 'STRICT'}}}),
      code: 'ISTIO_UNSUPPORTED_VALUE',
      at: '/spec/trafficPolicy/tls/mode',
    },
    {
      name: 'bad include range annotation',
      object: deployment('default', 'sleep', {annotations: {'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.96.0.0/40'}}),
      code: 'ISTIO_CAPTURE_BAD_CIDR',
      at: '/spec/template/metadata/annotations/traffic.sidecar.istio.io~1includeOutboundIPRanges',
    },
  ]
  test.each(rows)('$name ⇒ $code', (row) => check((r) => validateIstio({resources: [r]}), row))

  test('the ConfigMap mesh with an unknown mode', () => {
    const cm = resource({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'istio', namespace: 'istio-system'}, data: {mesh: 'outboundTrafficPolicy:\n  mode: DENY\n'}})
    expect(validateIstio({resources: [cm]}).map((d) => [d.code, d.source.line])).toEqual([['ISTIO_MESH_BAD_MODE', lineOf(cm, 'mesh:')]])
  })

  test('the conformance-style objects are clean', () => {
    const clean = [
      se({hosts: ['httpbin.org'], location: 'MESH_EXTERNAL'}),
      serviceEntry('default', 'cnn', {hosts: ['edition.cnn.com'], ports: [{number: 443, name: 'tls', protocol: 'TLS'}]}),
      virtualService('default', 'vs', {hosts: ['httpbin.org'], http: [{timeout: '3s', route: [{destination: {host: 'httpbin.org'}, weight: 100}]}]}),
    ].map((o) => resource(o))
    expect(validateIstio({resources: clean})).toEqual([])
  })
})

describe('validateNetworkPolicy: codes and exact lines', () => {
  const np = (egress: unknown[], extra = {}) => networkPolicy('default', 'np', {podSelector: {}, policyTypes: ['Egress'], egress, ...extra})
  const rows: Row[] = [
    {name: 'bad cidr', object: np([{to: [{ipBlock: {cidr: '10.0.0.0/33'}}]}]), code: 'NETPOL_BAD_CIDR', at: '/spec/egress/0/to/0/ipBlock/cidr'},
    {
      name: 'except outside cidr',
      object: np([{to: [{ipBlock: {cidr: '10.0.0.0/8', except: ['192.168.0.0/16']}}]}]),
      code: 'NETPOL_EXCEPT_OUTSIDE_CIDR',
      at: '/spec/egress/0/to/0/ipBlock/except/0',
    },
    {
      name: 'except equal to cidr',
      object: np([{to: [{ipBlock: {cidr: '10.0.0.0/8', except: ['10.0.0.0/8']}}]}]),
      code: 'NETPOL_EXCEPT_OUTSIDE_CIDR',
      at: '/spec/egress/0/to/0/ipBlock/except/0',
    },
    {name: 'endPort without port', object: np([{ports: [{protocol: 'TCP', endPort: 90}]}]), code: 'NETPOL_ENDPORT_WITHOUT_PORT', at: '/spec/egress/0/ports/0/endPort'},
    {name: 'endPort below port', object: np([{ports: [{port: 100, endPort: 90}]}]), code: 'NETPOL_ENDPORT_BELOW_PORT', at: '/spec/egress/0/ports/0/endPort'},
    {name: 'endPort with a named port', object: np([{ports: [{port: 'http', endPort: 90}]}]), code: 'NETPOL_ENDPORT_NAMED_PORT', at: '/spec/egress/0/ports/0/endPort'},
    {name: 'ipBlock with a selector', object: np([{to: [{ipBlock: {cidr: '10.0.0.0/8'}, podSelector: {}}]}]), code: 'NETPOL_IPBLOCK_WITH_SELECTOR', at: '/spec/egress/0/to/0'},
    {name: 'bad protocol', object: np([{ports: [{protocol: 'ICMP', port: 1}]}]), code: 'NETPOL_BAD_PROTOCOL', at: '/spec/egress/0/ports/0/protocol'},
    {name: 'egress ignored', object: np([{}], {policyTypes: ['Ingress']}), code: 'NETPOL_EGRESS_IGNORED', at: '/spec/policyTypes', severity: 'warning'},
  ]
  test.each(rows)('$name ⇒ $code', (row) => check((r) => validateNetworkPolicy({resources: [r]}), row))
})
