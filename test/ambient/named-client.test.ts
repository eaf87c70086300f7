import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

// Namespace default is ambient; of two clients running as default/curl, the Pod opts out with
// istio.io/dataplane-mode=none (istio cni PodRedirectionEnabled), the Deployment's template does not.
const input = join(mkdtempSync(join(tmpdir(), 'egress-ambient-')), 'ambient.yaml')
writeFileSync(
  input,
  `apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Pod
metadata: {name: curl-legacy, namespace: default, labels: {istio.io/dataplane-mode: none}}
spec: {serviceAccountName: curl, containers: [{name: curl, image: curlimages/curl}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: curl, namespace: default}
spec:
  selector: {matchLabels: {app: curl}}
  template:
    metadata: {labels: {app: curl}}
    spec: {serviceAccountName: curl, containers: [{name: curl, image: curlimages/curl}]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: httpbin, namespace: default}
spec:
  hosts: [httpbin.org]
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DNS
`,
)

test('the client named with --from decides ambient: deploy/curl goes through ztunnel, pod/curl-legacy has no proxy', async () => {
  const trace = async (from: string) =>
    JSON.parse((await runCli(['trace', '-f', input, '--mesh', 'istio', '--from', from, '-o', 'json', '--', 'curl', 'http://httpbin.org/'])).stdout)
  expect((await trace('deploy/curl')).hops[0]).toMatchObject({proxy: 'istio-system/ztunnel'})
  expect((await trace('pod/curl-legacy')).hops[0]).toMatchObject({proxy: null})
})
