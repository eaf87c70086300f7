import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parseAllDocuments} from 'yaml'
import {runCli} from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'egress-suggest-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

interface Obj {
  kind: string
  metadata: {name: string; namespace: string}
  spec: Record<string, unknown>
}

/** Runs suggest, keeps its YAML in a file for the other commands, and returns it parsed. */
async function suggested(name: string, args: string[]) {
  const r = await runCli(['suggest', ...args])
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, r.stdout)
  return {...r, file, objects: parseAllDocuments(r.stdout).map((d) => d.toJSON() as Obj)}
}

const pick = (o: Obj) => ({kind: o.kind, namespace: o.metadata.namespace, ...o.spec})

// The log lines in test/suggest/logs were written for this test from the formats' field lists (OSM v1.2.4
// pkg/envoy/xdsutil.go getStdoutAccessLog; Istio EnvoyTextLogFormat and EnvoyJSONLogFormatIstio,
// pilot/pkg/model/telemetry_logging.go), as recorded before the switch: external flows went through the
// passthrough cluster. Each file has flows to api.example.com:80 (GET /v1/items twice, once with a query,
// POST /v1/orders), TLS to api.github.com:443, TCP to 203.0.113.7:6379, one in-mesh request
// (*.svc.cluster.local), one inbound probe, and one line that is no access log.
describe('suggest: OSM (examples/osm/00-mesh.yaml: enableEgress false, enableEgressPolicy true, no Egress)', () => {
  const existing = ['-f', 'examples/osm/00-mesh.yaml']
  const logs = ['--logs', 'test/suggest/logs/osm/osm.log']

  it('writes one Egress per port for curl/curl: http by Host, https by SNI, tcp by /32; nothing for the in-mesh call', async () => {
    const r = await suggested('osm', [...logs, ...existing, '--mesh', 'osm'])
    expect(r.status).toBe(0)
    // Egress fields as OSM reads them (osm.md §2): sources by ServiceAccount, hosts for http/https, ipAddresses for tcp.
    const source = [{kind: 'ServiceAccount', name: 'curl', namespace: 'curl'}]
    expect(r.objects.map(pick)).toEqual([
      {kind: 'Egress', namespace: 'curl', sources: source, hosts: ['api.example.com'], ports: [{number: 80, protocol: 'http'}]},
      {kind: 'Egress', namespace: 'curl', sources: source, hosts: ['api.github.com'], ports: [{number: 443, protocol: 'https'}]},
      {kind: 'Egress', namespace: 'curl', sources: source, ipAddresses: ['203.0.113.7/32'], ports: [{number: 6379, protocol: 'tcp'}]},
    ])
    expect(r.stderr).toMatch(/1 denied in-mesh flow\(s\) left alone/)

    expect((await runCli(['validate', ...existing, '-f', r.file])).status).toBe(0)
    const replayed = await runCli(['replay', ...logs, ...existing, '-f', r.file, '-o', 'json'])
    const flows = (JSON.parse(replayed.stdout) as {flows: Array<{verdict: string; request: {authority?: string}}>}).flows
    // Every external flow allowed; the in-mesh request is not this command's business (no Service in the input).
    expect(flows.filter((f) => !f.request.authority?.endsWith('.svc.cluster.local:14001')).map((f) => f.verdict)).toEqual(['allow', 'allow', 'allow', 'allow', 'allow'])
  })

  it('leaves the neighbours denied: another host, port, SNI, address', async () => {
    const {file} = await suggested('osm-neighbours', [...logs, ...existing, '--mesh', 'osm'])
    const trace = (...request: string[]) => runCli(['trace', ...existing, '-f', file, '--from', 'curl/curl', '--', ...request]).then((t) => t.status)
    expect(await trace('curl', 'http://api.example.com/anything')).toBe(0)
    expect(await trace('curl', 'http://api.example.org/v1/items')).toBe(1)
    expect(await trace('curl', 'http://api.example.com:8080/v1/items')).toBe(1)
    expect(await trace('openssl', 's_client', '-connect', '140.82.112.6:443', '-servername', 'gist.github.com')).toBe(1)
    expect(await trace('nc', '203.0.113.8', '6379')).toBe(1)
    expect(await trace('nc', '203.0.113.7', '6380')).toBe(1)
  })

  it('with --paths, allows only the observed paths (query strings dropped: Envoy matches the path without them)', async () => {
    const r = await suggested('osm-paths', [...logs, ...existing, '--mesh', 'osm', '--paths'])
    expect(r.status).toBe(0)
    const group = r.objects.find((o) => o.kind === 'HTTPRouteGroup')!
    expect(group.spec.matches).toEqual([
      {name: 'curl-http-80-0', pathRegex: '^/v1/items$'},
      {name: 'curl-http-80-1', pathRegex: '^/v1/orders$'},
    ])
    expect((await runCli(['validate', ...existing, '-f', r.file])).status).toBe(0)
    const trace = (url: string) => runCli(['trace', ...existing, '-f', r.file, '--from', 'curl/curl', '--', 'curl', url]).then((t) => t.status)
    expect(await trace('http://api.example.com/v1/items?page=3')).toBe(0)
    expect(await trace('http://api.example.com/v1/items/1')).toBe(1)
    expect(await trace('http://api.example.com/admin')).toBe(1)
  })

  it('names the flows only a change to an existing route can allow, prints the rest, exits 1', async () => {
    // examples/osm routes httpbin.org:80 for /get and /status.* only; a second Egress for httpbin.org:80
    // would be a duplicate domain Envoy rejects (osm.md), so POST /post cannot be allowed by adding.
    const r = await suggested('osm-routed', ['--logs', 'test/replay/logs/osm.log', '-f', 'examples/osm', '--mesh', 'osm'])
    expect(r.status).toBe(1)
    expect(r.objects.map((o) => [o.kind, o.spec.hosts])).toEqual([['Egress', ['api.github.com']]])
    expect(r.stderr).toMatch(/curl\/curl POST http:\/\/httpbin\.org\/post.*: no route of Egress\/curl\/httpbin-80 at examples\/osm\/egress-httpbin\.yaml:\d+ matches it/)
  })
})

describe('suggest: Istio (examples/istio/00-mesh.yaml: REGISTRY_ONLY, no ServiceEntry)', () => {
  const existing = ['-f', 'examples/istio/00-mesh.yaml']
  const logs = ['--logs', 'test/suggest/logs/istio']

  it('reads TEXT and JSON lines; writes ServiceEntries exported to default only, no VirtualService without --paths', async () => {
    const r = await suggested('istio', [...logs, ...existing, '--mesh', 'istio'])
    expect(r.status).toBe(0)
    // istio.md §3: TCP entries are matched by address (resolution NONE with addresses), TLS by SNI.
    expect(r.objects.map((o) => [o.kind, o.metadata.namespace, o.spec.hosts, o.spec.addresses, o.spec.ports, o.spec.resolution, o.spec.exportTo])).toEqual([
      ['ServiceEntry', 'default', ['egress-tcp-6379.default.tcp.external'], ['203.0.113.7/32'], [{number: 6379, name: 'tcp-6379', protocol: 'TCP'}], 'NONE', ['.']],
      ['ServiceEntry', 'default', ['api.example.com'], undefined, [{number: 80, name: 'http-80', protocol: 'HTTP'}], 'DNS', ['.']],
      ['ServiceEntry', 'default', ['api.github.com'], undefined, [{number: 443, name: 'tls-443', protocol: 'TLS'}], 'DNS', ['.']],
    ])
    expect((await runCli(['validate', ...existing, '-f', r.file])).status).toBe(0)
    const replayed = await runCli(['replay', ...logs, ...existing, '-f', r.file, '-o', 'json'])
    const flows = (JSON.parse(replayed.stdout) as {flows: Array<{verdict: string; request: {authority?: string}}>}).flows
    expect(flows.filter((f) => !f.request.authority?.startsWith('reviews.')).map((f) => f.verdict)).toEqual(['allow', 'allow', 'allow', 'allow', 'allow'])

    const trace = (...request: string[]) => runCli(['trace', ...existing, '-f', r.file, '--from', 'default/sleep', '--', ...request]).then((t) => t.status)
    expect(await trace('curl', 'http://api.example.org/v1/items')).toBe(1)
    expect(await trace('openssl', 's_client', '-connect', '140.82.112.6:443', '-servername', 'gist.github.com')).toBe(1)
    expect(await trace('nc', '203.0.113.8', '6379')).toBe(1)
  })

  it('with --paths, adds a VirtualService of the observed paths for the HTTP host', async () => {
    const r = await suggested('istio-paths', [...logs, ...existing, '--mesh', 'istio', '--paths'])
    expect(r.status).toBe(0)
    const vs = r.objects.filter((o) => o.kind === 'VirtualService')
    expect(vs.map((o) => o.spec.hosts)).toEqual([['api.example.com']])
    expect((vs[0].spec.http as Array<{match: unknown}>)[0].match).toEqual([
      {port: 80, uri: {regex: '^/v1/items$'}},
      {port: 80, uri: {regex: '^/v1/orders$'}},
    ])
    expect((await runCli(['validate', ...existing, '-f', r.file])).status).toBe(0)
    const trace = (url: string) => runCli(['trace', ...existing, '-f', r.file, '--from', 'default/sleep', '--', 'curl', url]).then((t) => t.status)
    expect(await trace('http://api.example.com/v1/orders')).toBe(0)
    expect(await trace('http://api.example.com/admin')).toBe(1)
  })

  it("prints nothing and exits 1 when the suggestion fails its proof (a Sidecar hides default's ServiceEntries)", async () => {
    const r = await runCli(['suggest', ...logs, ...existing, '-f', 'test/suggest/sidecar-istio-system-only.yaml', '--mesh', 'istio'])
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/failed its proof[\s\S]*observed flow still deny: default\/sleep TLS api\.github\.com/)
  })
})
