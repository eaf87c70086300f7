import {describe, expect, it} from 'vitest'
import {runCli} from '../helpers/cli.js'

interface JsonFlow {
  from: string
  request: {protocol: string; method?: string; authority?: string; path?: string; sni?: string; destination: {ip?: string; port?: number}} | null
  count: number
  verdict: string
  notInLog: string[]
}

async function replayJson(args: string[]) {
  const r = await runCli(['replay', '-o', 'json', ...args])
  return {status: r.status, stderr: r.stderr, out: r.stdout ? (JSON.parse(r.stdout) as {flows: JsonFlow[]; summary: Record<string, unknown>}) : undefined}
}

const brief = (f: JsonFlow) => {
  const q = f.request
  const what = !q ? '?' : q.protocol === 'http' ? `${q.method} ${q.authority}${q.path}` : q.protocol === 'tls' ? `tls ${q.sni}` : `tcp ${q.destination.ip}:${q.destination.port}`
  return `${f.verdict} ${f.from} ${what} ×${f.count}`
}

// The log lines in test/replay/logs were written for this test from the formats' field lists (Istio
// EnvoyTextLogFormat / EnvoyJSONLogFormatIstio, pilot/pkg/model/telemetry_logging.go; OSM v1.2.4
// pkg/envoy/xdsutil.go getStdoutAccessLog). Pods are named as a Deployment's ReplicaSet names them.
describe('replay: Istio (examples/istio: REGISTRY_ONLY, ServiceEntries httpbin.org:80 and edition.cnn.com:80/443)', () => {
  it('reads the default TEXT format: registered hosts allowed, unregistered SNI and address denied, counted per flow', async () => {
    const {status, out} = await replayJson(['--logs', 'test/replay/logs/istio-text.log', '-f', 'examples/istio'])
    expect(status).toBe(1)
    // Allowed: httpbin.org and edition.cnn.com are in the registry (ServiceEntries); denied: www.google.com
    // and 203.0.113.7:5432 are not, and REGISTRY_ONLY sends them to the BlackHoleCluster.
    expect(out!.flows.map(brief)).toEqual([
      'allow default/sleep GET httpbin.org/get ×2',
      'allow default/sleep GET edition.cnn.com/politics ×1',
      'allow default/sleep tls edition.cnn.com ×1',
      'deny default/sleep tls www.google.com ×1',
      'deny default/sleep tcp 203.0.113.7:5432 ×2',
    ])
    // The kubelet probe is inbound, the agent's line is not an access log, the app container's line is skipped.
    expect(out!.summary).toMatchObject({flows: 5, allowed: 3, denied: 2, lines: {lines: 10, outbound: 7, inbound: 1, other: 1, otherContainers: 1}})
    expect(out!.flows[4].notInLog).toEqual(['host name: a TCP connection is logged by address only'])
  })

  it('reads the JSON encoding (null values, numeric response codes) and skips JSON that is not an access log', async () => {
    const {status, out} = await replayJson(['--logs', 'test/replay/logs/istio-json.log', '-f', 'examples/istio'])
    expect(status).toBe(1)
    // api.stripe.com is not registered: under REGISTRY_ONLY the proxy answers 502 (BlackHoleCluster).
    expect(out!.flows.map(brief)).toEqual([
      'allow default/sleep GET httpbin.org/get ×1',
      'deny default/sleep tls www.google.com ×1',
      'deny default/sleep POST api.stripe.com/v1/charges ×1',
    ])
    expect(out!.flows[2].request!.destination).toEqual({ip: '198.51.100.20', port: 80})
    expect(out!.summary).toMatchObject({lines: {outbound: 3, other: 1}})
  })

  it('takes bare lines from stdin with --from', async () => {
    const line = '[2026-12-01T10:00:06.606Z] "- - -" 0 UH - - "-" 0 0 0 - "-" "-" "-" "-" "-" BlackHoleCluster - 203.0.113.9:6379 10.244.0.7:40150 - -\n'
    const r = await runCli(['replay', '--logs', '-', '--from', 'default/sleep', '-f', 'examples/istio', '-o', 'json'], {input: line})
    expect(r.status).toBe(1)
    expect((JSON.parse(r.stdout) as {flows: JsonFlow[]}).flows.map(brief)).toEqual(['deny default/sleep tcp 203.0.113.9:6379 ×1'])
  })
})

describe('replay: OSM (examples/osm: enableEgress false; Egress httpbin.org:443 https, httpbin.org:80 http with paths /get and /status.*)', () => {
  it('reads the Envoy JSON format: flows outside the Egress policies denied, a line with no destination unknown', async () => {
    const {status, out} = await replayJson(['--logs', 'test/replay/logs/osm.log', '-f', 'examples/osm'])
    expect(status).toBe(1)
    // /post matches neither route of the HTTPRouteGroup (404 from the proxy); api.github.com has no Egress;
    // the last outbound line has no SNI, authority or address: nothing says what was asked.
    expect(out!.flows.map(brief)).toEqual([
      'allow curl/curl GET httpbin.org/get ×1',
      'allow curl/curl GET httpbin.org/status/418 ×1',
      'deny curl/curl POST httpbin.org/post ×1',
      'allow curl/curl tls httpbin.org ×1',
      'deny curl/curl tls api.github.com ×1',
      'unsupported curl/curl ? ×1',
    ])
    expect(out!.summary).toMatchObject({flows: 6, allowed: 3, denied: 2, unsupported: 1, lines: {outbound: 6, inbound: 1, other: 1}})
    expect(out!.flows[0].notInLog[0]).toMatch(/^destination address: OSM's access log has no/)
  })

  it('exits 0 when every observed flow is allowed', async () => {
    const r = await runCli(['replay', '--logs', '-', '--from', 'curl/curl', '-f', 'examples/osm'], {
      input:
        '{"method":"GET","path":"/get","protocol":"HTTP/1.1","response_code":"200","time_to_first_byte":"1","upstream_cluster":"httpbin.org:80","response_flags":"-","requested_server_name":"-","authority":"httpbin.org","upstream_host":"54.2.3.4:80"}\n',
    })
    expect(r.stdout).toMatch(/^ALLOW {2}curl\/curl/)
    expect(r.status).toBe(0)
  })
})

describe('replay: bad input (exit 2, one line)', () => {
  it('names the line of a prefixed pod that nothing in the input makes', async () => {
    const r = await runCli(['replay', '--logs', '-', '-f', 'examples/osm'], {
      input: '[pod/other-7d9c5b6f4b-x2k9z/envoy] {"method":"GET","path":"/","protocol":"HTTP/1.1","time_to_first_byte":"1","upstream_cluster":"-","authority":"a.example"}\n',
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^error: <stdin>:1: pod\/other-7d9c5b6f4b-x2k9z: no Pod or workload/)
  })

  it('says when bare lines have no --from', async () => {
    const r = await runCli(['replay', '--logs', 'test/replay/logs/osm.log', '--logs', '-', '-f', 'examples/osm'], {
      input: '{"method":"GET","path":"/","protocol":"HTTP/1.1","time_to_first_byte":"1","upstream_cluster":"-","authority":"a.example"}\n',
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^error: <stdin>:1: the line has no \[pod\/NAME\/CONTAINER\] prefix/)
  })

  it('refuses logs with no access-log line at all', async () => {
    const r = await runCli(['replay', '--logs', '-', '--from', 'curl/curl', '-f', 'examples/osm'], {input: 'hello\nworld\n'})
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/none of the 2 lines is an access log/)
  })
})
