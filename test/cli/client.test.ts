import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'egress-client-'))
// A debugging Pod in the curl namespace, running as curl/curl, that OSM would not inject
// (openservicemesh.io/sidecar-injection: disabled on the pod wins over the namespace's "enabled").
const debugPod = join(dir, 'debug-pod.yaml')
writeFileSync(
  debugPod,
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: curl-debug\n  namespace: curl\n  labels: {app: curl-debug}\n  annotations:\n    openservicemesh.io/sidecar-injection: disabled\nspec:\n  serviceAccountName: curl\n  containers: [{name: curl, image: curlimages/curl}]\n',
)
const request = ['--', 'curl', '-sI', 'https://httpbin.org/get']

describe('--from as kubectl names clients (issue 12, point 1)', () => {
  test.each([['deploy/curl'], ['deployment/curl'], ['deployments.apps/curl'], ['sa/curl'], ['serviceaccount/curl']])('%s resolves to curl/curl and says how', async (from) => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--from', from, ...request])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^Client\s+curl\/curl \(osm\)$/m)
    expect(r.stdout).toContain(`--from ${from}: `)
  })

  test('-n picks the namespace of TYPE/NAME', async () => {
    const r = await runCli(['trace', '-f', 'examples/istio', '-n', 'default', '--from', 'deploy/sleep', '-o', 'json', ...request])
    expect(JSON.parse(r.stdout)).toMatchObject({client: 'default/sleep'})
  })

  test('the named template decides injection: deploy/curl is captured, pod/curl-debug is not', async () => {
    const plain = ['--', 'curl', 'http://example.com/']
    const viaDeploy = await runCli(['trace', '-f', 'examples/osm', '-f', debugPod, '--from', 'deploy/curl', '-o', 'json', ...plain])
    const viaPod = await runCli(['trace', '-f', 'examples/osm', '-f', debugPod, '--from', 'pod/curl-debug', '-o', 'json', ...plain])
    // examples/osm sets enableEgress false: only the sidecar stops example.com.
    expect(JSON.parse(viaDeploy.stdout)).toMatchObject({verdict: 'deny'})
    expect(JSON.parse(viaPod.stdout)).toMatchObject({verdict: 'allow', hops: [{proxy: null, steps: [{reason: {code: 'NO_SIDECAR'}}]}]})
  })

  test('-l picks the client by its pod template labels', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '-f', debugPod, '-l', 'app=curl-debug', '-o', 'json', '--', 'curl', 'http://example.com/'])
    expect(JSON.parse(r.stdout)).toMatchObject({verdict: 'allow', client: 'curl/curl'})
  })

  test('-l selecting pods of two identities is an input error naming them', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '-f', debugPod, '-f', 'examples/istio/00-mesh.yaml', '--mesh', 'osm', '-l', 'app', ...request])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^error: -l app selects pods of \d+ client identities: .*curl\/curl/)
  })

  test('--from may be omitted when the input describes one client; it is said as an assumption', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', ...request], {env: {COLUMNS: '300'}})
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('--from curl/curl: the only client the input describes (pass --from to choose another)')
  })

  test('deploy/curl is never read as namespace "deploy"', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--from', 'deploy/curl', '-o', 'json', ...request])
    expect(JSON.parse(r.stdout).client).toBe('curl/curl')
  })
})

describe('a client that matches nothing is bad input (exit 2) listing what exists', () => {
  test('mistyped service account', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--from', 'curl/crul', ...request])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      'error: --from curl/crul: nothing in the input runs as ServiceAccount crul in namespace curl; did you mean curl/curl?\nerror: client identities in the input: curl/curl\n',
    )
  })

  test('mistyped workload', async () => {
    const r = await runCli(['rules', '-f', 'examples/osm', '--from', 'deploy/crul'])
    expect(r.status).toBe(2)
    expect(r.stderr).toBe(
      'error: --from deploy/crul: no Deployment named crul in the input; did you mean deploy/curl?\nerror: Deployments in the input (NAMESPACE/NAME): curl/curl\n',
    )
  })

  test('a kind the input has none of', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--from', 'sts/curl', ...request])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('error: the input has no StatefulSet; client identities: curl/curl')
  })

  test('-n that does not hold the name', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '-n', 'default', '--from', 'deploy/curl', ...request])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^error: --from deploy\/curl: no Deployment named curl in namespace default in the input/)
  })

  test('two clients and no --from', async () => {
    const r = await runCli(['explain', '-f', 'examples/osm', '-f', 'examples/istio/00-mesh.yaml', '--mesh', 'osm', '--from', 'sa/nosuch'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/ServiceAccounts in the input \(NAMESPACE\/NAME\): .*curl\/curl/)
  })
})
