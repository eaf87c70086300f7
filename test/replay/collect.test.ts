import {describe, expect, it} from 'vitest'
import {FlowCollector} from '../../src/replay/collect.js'
import {istioText, osmLine as osm} from './log-lines.js'

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

describe('FlowCollector: the memo of known flows never joins or splits flows', () => {
  it('counts "-", "" and null (Envoy\'s three ways to write no value) as one flow', () => {
    const flows = collect([osm({path: '-'}), osm({path: ''}), osm({path: null}), osm({path: '-'})])
    expect(flows).toEqual([{flow: {kind: 'http', method: 'GET', authority: 'api.example', path: '/', protocol: 'HTTP/1.1', destination: {port: 80}}, count: 4}])
  })

  it('traces a line whose value is an object on its own, and still counts it', () => {
    const flows = collect([osm({requested_server_name: {a: 1}}), osm({requested_server_name: {a: 2}}), osm({})])
    expect(flows.map((f) => f.count)).toEqual([3])
  })

  it('keeps the pods of interleaved prefixed lines apart (kubectl logs --prefix follows several pods at once)', () => {
    const c = new FlowCollector()
    ;['curl-1', 'curl-2', 'curl-1', 'curl-2', 'curl-2'].forEach((pod, i) => c.add(osm({}, pod), 'f', i + 1))
    expect(c.observed().map((o) => [o.pod, o.count])).toEqual([
      ['curl-1', 2],
      ['curl-2', 3],
    ])
  })

  it('tells apart Istio text lines whose memo parts would join into one string (cluster + request)', () => {
    // The memo's parts, in order: "authority" "upstream host" cluster, then the request. Joined without a
    // separator, PassthroughCluster + "GET /x HTTP/1.1" and PassthroughClusterGET + " /x HTTP/1.1" are one
    // string; the second line has no method, so it is a TCP connection (by address), not an HTTP request.
    const flows = collect([
      istioText({request: 'GET /x HTTP/1.1', authority: 'a.example', cluster: 'PassthroughCluster'}),
      istioText({request: ' /x HTTP/1.1', authority: 'a.example', cluster: 'PassthroughClusterGET'}),
    ])
    expect(flows.map((f) => [f.flow?.kind, f.count])).toEqual([
      ['http', 1],
      ['tcp', 1],
    ])
  })
})
