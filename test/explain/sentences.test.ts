import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {explain} from '../../src/explain/index.js'
import {readInput} from '../../src/pipeline.js'
import {sentenceWords} from '../../src/render/explain-words.js'
import {accepted} from '../../src/validate/index.js'
import {ROOT, runCli} from '../helpers/cli.js'

async function explainDir(dir: string, mesh: 'osm' | 'osm-edge' | 'istio') {
  const input = await readInput([join(ROOT, dir)])
  return explain(accepted(input.set, input.diagnostics), input.diagnostics, {mesh})
}

const summary = (s: Parameters<typeof sentenceWords>[0]) => {
  const w = sentenceWords(s)
  return `${w.traffic}: ${w.verdict} [${w.cite.replace(/ at .*?:(\d+)/g, ':$1')}]`
}

describe('explain sentences', () => {
  test('OSM example: what curl/curl may reach and what the rest gets', async () => {
    const [client] = (await explainDir('examples/osm', 'osm')).clients
    expect(client.client).toBe('curl/curl')
    expect(client.reaches.map(summary)).toEqual([
      'HTTPS to httpbin.org:443: allowed, TLS passed through [Egress/curl/httpbin-443:15]',
      'HTTP to httpbin.org:80, path regex /get: allowed [Egress/curl/httpbin-80:46]',
      'HTTP to httpbin.org:80, path regex /status.*: allowed [Egress/curl/httpbin-80:46]',
    ])
    expect(client.otherwise.map(summary)).toEqual([
      'HTTPS to any other host on port 443: denied: connection reset during the TLS handshake (curl exit 35) [default: OSM sends the outbound listener when the sidecar has a filter chain or egress passthrough]',
      'HTTP to any other host on port 80: denied: HTTP 404 from the proxy (NR) [Egress/curl/httpbin-80:43]',
      'TCP to any other address or port (probed on port 9443): denied: connection reset (curl exit 56) [default: OSM sends the outbound listener when the sidecar has a filter chain or egress passthrough]',
    ])
  })

  test('Istio example: the gateway hop and REGISTRY_ONLY', async () => {
    const [client] = (await explainDir('examples/istio', 'istio')).clients
    expect(client.reaches.map(summary)).toContain(
      'HTTP to edition.cnn.com:80: allowed through istio-system/istio-egressgateway [VirtualService/default/direct-cnn-through-egress-gateway:58]',
    )
    expect(client.otherwise.map(summary)).toContain('HTTP to any other host on port 80: denied: HTTP 502 from the proxy [ConfigMap/istio-system/istio:14]')
  })
})

describe('kubectl egress explain (built CLI)', () => {
  test('--fail-on warning exits 1 when a warning exists; --fail-on error does not', async () => {
    expect((await runCli(['explain', '-f', 'examples/istio', '--fail-on', 'warning'])).status).toBe(1)
    expect((await runCli(['explain', '-f', 'examples/istio', '--fail-on', 'error'])).status).toBe(0)
    expect((await runCli(['explain', '-f', 'examples/osm', '--fail-on', 'warning'])).status).toBe(0)
  })

  test('-o markdown for a pull request, -o json for machines, --from for one client', async () => {
    const md = await runCli(['explain', '-f', 'examples/istio', '-o', 'markdown'])
    expect(md.stdout).toContain('| ⚠️ | `ISTIO_BYPASSABLE` | `examples/istio/00-mesh.yaml:14`')
    const json = JSON.parse((await runCli(['explain', '-f', 'examples/osm', '--from', 'curl/curl', '-o', 'json'])).stdout)
    expect(json.clients.map((c: {client: string}) => c.client)).toEqual(['curl/curl'])
  })
})
