import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

describe('kubectl egress create (built CLI)', () => {
  test('without a terminal, missing arguments are listed and the exit status is 2', async () => {
    const res = await runCli(['create', '--mesh', 'osm', '--host', 'httpbin.org'])
    expect({status: res.status, stderr: res.stderr, stdout: res.stdout}).toEqual({
      status: 2,
      stderr: 'error: missing NAME, --from NAMESPACE/SERVICEACCOUNT (or sa/NAME -n NS, deploy/NAME with -f), --port PORT/PROTOCOL\n',
      stdout: '',
    })
  })

  test('prints YAML that validate accepts', async () => {
    const res = await runCli(['create', 'httpbin', '--mesh', 'osm', '--from', 'curl/curl', '--host', 'httpbin.org', '--port', '443/https'])
    expect(res.status).toBe(0)
    const check = await runCli(['validate', '-f', '-'], {input: res.stdout})
    expect(check.status).toBe(0)
  })

  test('create mesh-switch -o command', async () => {
    const res = await runCli(['create', 'mesh-switch', '--mesh', 'istio', '--outbound-traffic-policy', 'REGISTRY_ONLY', '-o', 'command'])
    expect(res.stdout).toBe('istioctl install --set meshConfig.outboundTrafficPolicy.mode=REGISTRY_ONLY\n')
  })
})

describe('create as kubectl create (issue 12, point 6)', () => {
  const yaml = async (args: string[]) => {
    const r = await runCli(['create', ...args, '-o', 'json'])
    return {...r, items: r.status === 0 ? (JSON.parse(r.stdout) as {items: Array<{kind: string; metadata: {namespace: string}; spec: Record<string, unknown>}>}).items : []}
  }

  test('no silent OSM: without --mesh, -f or a terminal, --mesh is required', async () => {
    const r = await runCli(['create', 'httpbin', '--from', 'curl/curl', '--host', 'httpbin.org', '--port', '443'])
    expect(r).toMatchObject({status: 2, stdout: '', stderr: 'error: --mesh is required: pass --mesh osm|osm-edge|istio, or -f with the mesh objects\n'})
  })

  test('the mesh is detected from -f, and said', async () => {
    const r = await yaml(['httpbin', '-f', 'examples/istio', '--host', 'httpbin.org', '--port', '443'])
    expect(r.items.map((i) => i.kind)).toEqual(['ServiceEntry'])
    expect(r.stderr).toContain('note: writing for istio, detected from the -f files: ')
  })

  test('an Istio ServiceEntry needs no --from, is exported to its namespace only, and says who can use it', async () => {
    const r = await yaml(['httpbin', '--mesh', 'istio', '-n', 'shop', '--host', 'httpbin.org', '--port', '443'])
    expect(r.status).toBe(0)
    expect(r.items[0]).toMatchObject({kind: 'ServiceEntry', metadata: {namespace: 'shop'}, spec: {exportTo: ['.']}})
    expect(r.stderr).toContain('note: ServiceEntry shop/httpbin has exportTo ["."]: pods in namespace shop can now reach httpbin.org on port 443')
  })

  test('--export-to says otherwise', async () => {
    const r = await yaml(['httpbin', '--mesh', 'istio', '--host', 'httpbin.org', '--port', '443', '--export-to', '*'])
    expect(r.items[0].spec.exportTo).toEqual(['*'])
    expect(r.stderr).toContain('pods in every namespace can now reach httpbin.org')
  })

  test('-n puts the OSM objects in a namespace while the source stays the client', async () => {
    const r = await yaml(['httpbin', '--mesh', 'osm', '--from', 'curl/curl', '-n', 'policies', '--host', 'httpbin.org', '--port', '443'])
    expect(r.items[0]).toMatchObject({kind: 'Egress', metadata: {namespace: 'policies'}, spec: {sources: [{kind: 'ServiceAccount', namespace: 'curl', name: 'curl'}]}})
  })

  test('--from deploy/curl with -f resolves to the service account, never namespace "deploy"', async () => {
    const r = await yaml(['httpbin', '-f', 'examples/osm', '--from', 'deploy/curl', '--host', 'httpbin.org', '--port', '443'])
    expect(r.items[0]).toMatchObject({metadata: {namespace: 'curl'}, spec: {sources: [{namespace: 'curl', name: 'curl'}]}})
  })

  test('--from deploy/curl without -f says what it needs', async () => {
    const r = await runCli(['create', 'httpbin', '--mesh', 'osm', '--from', 'deploy/curl', '--host', 'httpbin.org', '--port', '443'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^error: --from deploy\/curl names a Deployment: pass -f with its manifest/)
  })
})

describe('create never prints what validate rejects (issue 10): one line, exit 2', () => {
  test('a 300-character host', async () => {
    const r = await runCli(['create', 'x', '--mesh', 'istio', '--host', `${'a'.repeat(296)}.org`, '--port', '80/http'])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^error: --host: ServiceEntry spec\.hosts\[0\]: .*\(300 characters\)/)
  })

  test('--method ""', async () => {
    const r = await runCli(['create', 'x', '--mesh', 'osm', '--from', 'curl/curl', '--host', 'httpbin.org', '--port', '80/http', '--method', ''])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('error: --method "" is not an HTTP method (RFC 9110: a token such as GET)\n')
    const istio = await runCli(['create', 'x', '--mesh', 'istio', '--host', 'httpbin.org', '--port', '80/http', '--method', ''])
    expect(istio).toMatchObject({status: 2, stdout: ''})
  })
})

describe('create --gateway-api and --ambient (issue 14), through the built CLI', () => {
  test('--gateway-api prints the Gateway API egress set, and validate accepts it', async () => {
    const r = await runCli([
      'create',
      'cnn',
      '--mesh',
      'istio',
      '-n',
      'default',
      '--host',
      'edition.cnn.com',
      '--port',
      '80/http',
      '--port',
      '443/https',
      '--gateway-api',
      '-o',
      'name',
    ])
    expect({status: r.status, stdout: r.stdout}).toEqual({
      status: 0,
      stdout: [
        'serviceentry.networking.istio.io/cnn',
        'gateway.gateway.networking.k8s.io/cnn-egress-gateway',
        'httproute.gateway.networking.k8s.io/cnn-to-egress-gateway',
        'httproute.gateway.networking.k8s.io/cnn-from-egress-gateway',
        'tlsroute.gateway.networking.k8s.io/cnn-tls-to-egress-gateway',
        'tlsroute.gateway.networking.k8s.io/cnn-tls-from-egress-gateway',
        '',
      ].join('\n'),
    })
    const yaml = await runCli(['create', 'cnn', '--mesh', 'istio', '-n', 'default', '--host', 'edition.cnn.com', '--port', '80/http', '--port', '443/https', '--gateway-api'])
    expect((await runCli(['validate', '-f', '-'], {input: yaml.stdout})).status).toBe(0)
  })

  test('--ambient with --from writes the waypoint and its AuthorizationPolicy, exports the ServiceEntry to the client, and says ambient pods only', async () => {
    const r = await runCli([
      'create',
      'httpbin',
      '--mesh',
      'istio',
      '-n',
      'istio-egress',
      '--from',
      'default/curl',
      '--host',
      'httpbin.org',
      '--port',
      '80/http',
      '--ambient',
      '-o',
      'json',
    ])
    expect(r.status).toBe(0)
    const items = (JSON.parse(r.stdout) as {items: Array<{kind: string; metadata: {labels?: Record<string, string>}; spec: Record<string, unknown>}>}).items
    expect(items.map((i) => i.kind)).toEqual(['ServiceEntry', 'Gateway', 'AuthorizationPolicy'])
    expect(items[0]).toMatchObject({metadata: {labels: {'istio.io/use-waypoint': 'waypoint'}}, spec: {exportTo: ['.', 'default']}})
    expect(items[1].spec).toMatchObject({gatewayClassName: 'istio-waypoint'})
    expect(r.stderr).toContain('note: the waypoint istio-egress/waypoint serves ambient pods only')
  })

  test('--ambient --gateway-api is refused with exit 2', async () => {
    const r = await runCli(['create', 'x', '--mesh', 'istio', '--host', 'a.example.com', '--port', '80/http', '--ambient', '--gateway-api'])
    expect({status: r.status, stdout: r.stdout}).toEqual({status: 2, stdout: ''})
    expect(r.stderr).toContain('--gateway-api and --ambient are two ways out')
  })
})
