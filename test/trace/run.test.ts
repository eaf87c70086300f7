import {describe, expect, test} from 'vitest'
import {requestFrom} from '../../sim/request/index.js'
import type {Request} from '../../sim/request/types.js'
import type {MeshTable} from '../../sim/rules/types.js'
import {trace} from '../../sim/trace/index.js'
import {runTrace} from '../../sim/trace/run.js'
import {capture, chain, cluster, listener, origin, route, routeConfig, table, vhost} from '../helpers/rules.js'

function req(text: string): Request {
  const r = requestFrom(text)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

const httpChain = chain('egress-http.80', {destinationPort: 80, applicationProtocols: ['http/1.0', 'http/1.1', 'h2c']}, {kind: 'http', routeConfig: 'rds-egress.80'})
const osmLike = (extra: Partial<MeshTable['proxies'][string]> = {}) =>
  table({
    listeners: [
      listener('outbound-listener', 15001, [httpChain, chain('egress-https.443', {destinationPort: 443, serverNames: ['httpbin.org']}, {kind: 'tcp_proxy', cluster: '443'})]),
    ],
    routeConfigs: {
      'rds-egress.80': routeConfig('rds-egress.80', [
        vhost('egress_virtual-host|httpbin.org', ['httpbin.org', 'httpbin.org:80'], [route('get', {path: {kind: 'regex', value: '/get', mode: 'full'}}, 'httpbin.org:80')]),
      ]),
    },
    clusters: {'httpbin.org:80': cluster('httpbin.org:80', 'STRICT_DNS', [{host: 'httpbin.org', port: 80}]), '443': cluster('443', 'ORIGINAL_DST')},
    ...extra,
  })

describe('runTrace', () => {
  test('no listener on the redirect port: connection refused, curl exit 7', () => {
    const t = runTrace(table({listeners: [], routeConfigs: {}, clusters: {}}), req('curl http://httpbin.org/get'))
    expect(t.outcome).toMatchObject({verdict: 'deny', curlExit: 7})
  })

  test('HTTP route matched: allowed to the DNS cluster endpoint', () => {
    const t = runTrace(osmLike(), req('curl http://httpbin.org/get'))
    expect(t).toMatchObject({outcome: {verdict: 'allow'}, upstream: 'httpbin.org:80', tls: 'none', via: []})
  })

  test('virtual host found but no route: 404 from the proxy', () => {
    const t = runTrace(osmLike(), req('curl http://httpbin.org/status/200'))
    expect(t.outcome).toMatchObject({verdict: 'deny', status: 404, responseFlag: 'NR'})
  })

  test('TLS by SNI goes to the original destination untouched', () => {
    const t = runTrace(osmLike(), req('curl https://httpbin.org/get'))
    expect(t).toMatchObject({outcome: {verdict: 'allow'}, upstream: 'httpbin.org:443', tls: 'passthrough'})
  })

  test('listener exists but no chain matches and no default chain: reset (56 plaintext, 35 TLS)', () => {
    expect(runTrace(osmLike(), req('curl http://example.com:8080/')).outcome).toMatchObject({verdict: 'deny', curlExit: 56})
    expect(runTrace(osmLike(), req('curl https://example.com/')).outcome).toMatchObject({verdict: 'deny', curlExit: 35})
  })

  test('default chain takes what no chain matches (passthrough)', () => {
    const t = osmLike()
    t.proxies['ns/sa'].listeners[0].defaultChain = chain('outbound-egress-filter-chain', {}, {kind: 'tcp_proxy', cluster: 'passthrough-outbound'})
    t.proxies['ns/sa'].clusters['passthrough-outbound'] = cluster('passthrough-outbound', 'ORIGINAL_DST')
    expect(runTrace(t, req('curl https://example.com/'))).toMatchObject({outcome: {verdict: 'allow'}, upstream: 'example.com:443'})
  })

  test('capture exclusion bypasses the sidecar and is credited to the setting', () => {
    const excl = {value: '34.194.129.11/32', origin: origin('annotation')}
    const t = osmLike()
    t.client.capture = capture({excludeCidrs: [excl]})
    const r = runTrace(t, req('curl --resolve httpbin.org:80:34.194.129.11 http://httpbin.org/headers'))
    expect(r).toMatchObject({outcome: {verdict: 'allow'}, upstream: 'httpbin.org:80', decidedBy: excl.origin})
  })

  test('server-first client on a port without tcp-server-first waits for the inspector timeout', () => {
    const t = table({
      listeners: [listener('l', 15001, [chain('egress-tcp.3306', {destinationPort: 3306}, {kind: 'tcp_proxy', cluster: '3306'})])],
      routeConfigs: {},
      clusters: {'3306': cluster('3306', 'ORIGINAL_DST')},
    })
    const r = runTrace(t, req('nc db.example.com 3306'))
    expect(r.outcome).toMatchObject({verdict: 'allow', afterSeconds: 15})
    t.proxies['ns/sa'].listeners[0].inspectors.disabledOnPorts = [3306]
    expect(runTrace(t, req('nc db.example.com 3306')).outcome.afterSeconds).toBeUndefined()
  })

  test('route timeout shorter than the upstream delay: 504 after the timeout', () => {
    const t = osmLike()
    t.proxies['ns/sa'].routeConfigs['rds-egress.80'].virtualHosts[0].routes[0].timeoutSeconds = 3
    const r = runTrace(t, req('curl http://httpbin.org/get'), {upstreamDelaySeconds: 5})
    expect(r.outcome).toMatchObject({verdict: 'deny', status: 504, afterSeconds: 3})
    expect(runTrace(t, req('curl http://httpbin.org/get'), {upstreamDelaySeconds: 2}).outcome.verdict).toBe('allow')
  })

  test('route to a cluster that does not exist: 503 NC', () => {
    const t = osmLike()
    delete t.proxies['ns/sa'].clusters['httpbin.org:80']
    expect(runTrace(t, req('curl http://httpbin.org/get')).outcome).toMatchObject({status: 503, responseFlag: 'NC'})
  })

  test('NetworkPolicy drops the direct connection of a pod without a sidecar', () => {
    const np = origin('np')
    const t = osmLike()
    t.client.proxy = null
    t.client.capture = null
    t.client.firewall = {isolatedBy: [np], rules: [{to: [{kind: 'ipBlock', cidr: '10.0.0.0/8', except: []}], ports: [], origin: np}]}
    const r = runTrace(t, req('curl https://httpbin.org/'))
    expect(r).toMatchObject({outcome: {verdict: 'deny'}, decidedBy: np})
  })

  test('a gateway endpoint continues the trace at the gateway on its target port', () => {
    const gw = {
      id: 'istio-system/gw',
      kind: 'gateway' as const,
      flavor: 'envoy' as const,
      listeners: [listener('0.0.0.0_8080', 8080, [chain('http', {}, {kind: 'http', routeConfig: 'http.8080'})])],
      routeConfigs: {'http.8080': routeConfig('http.8080', [vhost('httpbin.org:80', ['httpbin.org'])], {ignorePortInHostMatching: true})},
      clusters: {c: cluster('c', 'STRICT_DNS', [{host: 'httpbin.org', port: 80}])},
    }
    const t = osmLike()
    t.proxies[gw.id] = gw
    t.proxies['ns/sa'].clusters['httpbin.org:80'] = cluster('httpbin.org:80', 'EDS', [{host: '10.0.0.9', port: 80, proxy: {id: gw.id, targetPort: 8080}}])
    const r = runTrace(t, req('curl http://httpbin.org/get'))
    expect(r).toMatchObject({outcome: {verdict: 'allow'}, upstream: 'httpbin.org:80', via: ['istio-system/gw']})
    expect(r.hops.map((h) => h.proxy)).toEqual(['ns/sa', 'istio-system/gw'])
  })
})

test('a plain-HTTP request denied where https would pass gets a scheme near miss', () => {
  const t = trace(osmLike(), req('curl httpbin.org:443/get'))
  expect(t.outcome.verdict).toBe('deny')
  expect(t.nearMisses[0]).toMatchObject({mismatch: {field: 'scheme', wanted: 'https', got: 'http'}, hint: {code: 'TRY_HTTPS', url: 'https://httpbin.org/get', noScheme: true}})
})
