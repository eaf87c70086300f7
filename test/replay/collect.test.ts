import {describe, expect, it} from 'vitest'
import {FlowCollector} from '../../src/replay/collect.js'

// Istio's default TEXT format, field by field (istio pilot/pkg/model/telemetry_logging.go EnvoyTextLogFormat):
// request, code, flags, details, termination, "failure", bytes in/out, duration, upstream time, "xff", "agent",
// "request id", "authority", "upstream host", cluster, upstream local, downstream local (the original
// destination), downstream remote, SNI, route.
function istioText(f: {request?: string; id?: string; authority?: string; host?: string; cluster?: string; local?: string; dst?: string; remote?: string; sni?: string}): string {
  const {
    request = '- - -',
    id = '-',
    authority = '-',
    host = '203.0.113.7:443',
    cluster = 'PassthroughCluster',
    local = '10.0.0.5:40001',
    dst = '203.0.113.7:443',
    remote = '10.0.0.5:40000',
    sni = '-',
  } = f
  return `[pod/sleep-1/istio-proxy] [2026-12-01T10:00:01.101Z] "${request}" 0 - - - "-" 10 20 30 - "-" "-" "${id}" "${authority}" "${host}" ${cluster} ${local} ${dst} ${remote} ${sni} -`
}

function collect(lines: string[]) {
  const c = new FlowCollector()
  lines.forEach((l, i) => c.add(l, 'f', i + 1))
  return c.observed().map((o) => ({flow: o.flow, count: o.count}))
}

describe('FlowCollector: one flow per distinct request, however many lines', () => {
  it('counts lines that differ only in per-connection fields (ports, request id) as one flow', () => {
    const lines = [1, 2, 3].map((i) => istioText({id: `r${i}`, local: `10.0.0.5:4100${i}`, remote: `10.0.0.5:4200${i}`, sni: 'api.example'}))
    expect(collect(lines)).toEqual([{flow: {kind: 'tls', sni: 'api.example', destination: {ip: '203.0.113.7', port: 443}}, count: 3}])
  })

  it('tells apart lines that differ only in the SNI, or only in the original destination', () => {
    const flows = collect([istioText({sni: 'a.example'}), istioText({sni: 'b.example'}), istioText({sni: 'a.example', dst: '203.0.113.8:443'})])
    expect(flows).toEqual([
      {flow: {kind: 'tls', sni: 'a.example', destination: {ip: '203.0.113.7', port: 443}}, count: 1},
      {flow: {kind: 'tls', sni: 'b.example', destination: {ip: '203.0.113.7', port: 443}}, count: 1},
      {flow: {kind: 'tls', sni: 'a.example', destination: {ip: '203.0.113.8', port: 443}}, count: 1},
    ])
  })

  it('keeps JSON values that hold an escaped NUL apart (authority "a\\u0000" + path "/b" is not authority "a" + path "\\u0000/b")', () => {
    const line = (authority: string, path: string) =>
      `[pod/curl-1/envoy] ${JSON.stringify({method: 'GET', path, protocol: 'HTTP/1.1', response_code: 200, time_to_first_byte: 1, upstream_cluster: 'api.example:80', authority, upstream_host: '203.0.113.7:80'})}`
    const flows = collect([line('a\u0000', '/b'), line('a', '\u0000/b')])
    expect(flows.map((f) => f.flow && f.flow.kind === 'http' && [f.flow.authority, f.flow.path])).toEqual([
      ['a\u0000', '/b'],
      ['a', '\u0000/b'],
    ])
  })
})
