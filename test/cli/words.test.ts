import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

const wide = {env: {COLUMNS: '300'}}

describe('a deny names the missing rule in the user terms (issue 12, point 9)', () => {
  // examples/osm: Egress policies for httpbin.org only (443 by SNI, 80 with routes), enableEgress=false.
  test.each([
    ['curl https://example.com/', 'no Egress matches curl/curl on port 443 for SNI example.com'],
    ['curl http://example.com/', 'no Egress for curl/curl names host example.com on port 80'],
    ['nc db.example.com 5432', 'no Egress matches curl/curl on port 5432'],
    ['curl http://httpbin.org/anything', 'no HTTPRouteGroup match of the Egress policies for curl/curl allows GET /anything on httpbin.org:80'],
  ])('OSM: %s', async (request, sentence) => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--', ...request.split(' ')], wide)
    expect(r.status).toBe(1)
    expect(r.stdout).toContain(`Decided   ${sentence}\n`)
  })

  // examples/istio: REGISTRY_ONLY; ServiceEntries for edition.cnn.com and httpbin.org only.
  test.each([['curl https://example.com/'], ['curl http://example.com/']])('Istio REGISTRY_ONLY: %s', async (request) => {
    const r = await runCli(['trace', '-f', 'examples/istio', '--short', '--', ...request.split(' ')], wide)
    expect(r.stdout).toMatch(/decided by no ServiceEntry or Service registers example\.com:(80|443) for default\/sleep \(outboundTrafficPolicy REGISTRY_ONLY\)\n$/)
  })

  test('the same in the JSON', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '-o', 'json', '--', 'nc', 'db.example.com', '5432'])
    expect(JSON.parse(r.stdout)).toMatchObject({verdict: 'deny', missingRule: 'no Egress matches curl/curl on port 5432'})
  })
})

describe('objects the chosen mesh ignores are counted without -v (issue 12, point 9)', () => {
  test('trace --mesh istio on OSM files', async () => {
    const r = await runCli(
      ['trace', '-f', 'examples/osm', '-f', 'examples/istio/00-mesh.yaml', '--mesh', 'istio', '--from', 'default/sleep', '--', 'curl', 'https://httpbin.org/'],
      wide,
    )
    expect(r.stdout).toContain('Ignored   4 objects istio does not read: MeshConfig ×1, Egress ×2, HTTPRouteGroup ×1 (-v lists them)\n')
  })

  test('validate --mesh counts them on its summary line', async () => {
    const r = await runCli(['validate', '-f', 'examples/osm', '--mesh', 'istio'])
    expect(r.stderr).toMatch(/; 4 objects istio does not read: MeshConfig ×1, Egress ×2, HTTPRouteGroup ×1 \(-v lists them\)\n$/)
  })
})

describe('validate words (issue 12, point 8)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'egress-words-'))
  const file = join(dir, 'scheme.yaml')
  writeFileSync(
    file,
    'apiVersion: policy.openservicemesh.io/v1alpha1\nkind: Egress\nmetadata: {name: e, namespace: curl}\nspec:\n  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]\n  hosts: ["https://httpbin.org"]\n  ports: [{number: 443, protocol: https}]\n',
  )

  test('a host with a scheme is called a scheme, not a port, and the text line carries its code', async () => {
    const r = await runCli(['validate', '-f', file])
    expect(r.stdout).toBe(
      `${file}:6: Egress/curl/e: spec.hosts[0]: warning: host "https://httpbin.org" has a scheme (https://): hosts are bare names, so it matches no Host header or SNI; write "httpbin.org" (the port's protocol says https)  [OSM_HOST_WITH_SCHEME]\n`,
    )
  })

  test('trace warnings and explain findings carry their codes too', async () => {
    const t = await runCli(['trace', '-f', file, '--mesh', 'osm', '--from', 'curl/curl', '--', 'curl', 'https://httpbin.org/'], wide)
    expect(t.stdout).toMatch(/^Warning .* \[OSM_HOST_WITH_SCHEME\]$/m)
    const e = await runCli(['explain', '-f', file, '--mesh', 'osm'], wide)
    expect(e.stdout).toMatch(/\[OSM_HOST_WITH_SCHEME\]$/m)
  })
})
