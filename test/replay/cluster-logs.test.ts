import {describe, expect, it} from 'vitest'
import {ApiError, type Call} from '../../src/cluster/api.js'
import {InputError} from '../../src/cli/exit.js'
import {collectClusterLogs} from '../../src/replay/cluster-logs.js'

interface Sent {
  method: string
  path: string
  call?: Call
}

/** A stubbed API server: the pod list, then each pod's log as text (the log endpoint needs a kubelet). */
function apiServer(pods: unknown[], logs: Record<string, string>, fail?: {path: string; error: unknown}) {
  const sent: Sent[] = []
  const send = async (method: string, path: string, call?: Call): Promise<unknown> => {
    sent.push({method, path, call})
    if (fail && path === fail.path) throw fail.error
    if (path.endsWith('/pods')) return {items: pods, metadata: {}}
    if (path in logs) return logs[path]
    throw new ApiError(404, {message: `no log for ${path}`})
  }
  return {sent, source: {context: 'kind-test', server: 'https://127.0.0.1:6443', send}}
}

function pod(name: string, containers: string[], more: {init?: string[]; phase?: string; namespace?: string} = {}) {
  return {
    metadata: {name, namespace: more.namespace ?? 'shop'},
    spec: {containers: containers.map((n) => ({name: n})), initContainers: more.init?.map((n) => ({name: n}))},
    status: {phase: more.phase ?? 'Running'},
  }
}

function sink() {
  const lines: Array<[string, string, number]> = []
  return {lines, add: (text: string, file: string, line: number) => void lines.push([text, file, line])}
}

describe('collectClusterLogs', () => {
  it('lists the selected pods, asks for the sidecar container of each with sinceSeconds, and prefixes lines as kubectl logs --prefix', async () => {
    const {sent, source} = apiServer(
      [
        pod('web-1', ['web', 'istio-proxy']),
        // Istio native sidecar: istio-proxy is an init container.
        pod('web-2', ['web'], {init: ['istio-validation', 'istio-proxy']}),
        pod('web-3', ['web']),
        pod('web-4', ['web', 'istio-proxy'], {phase: 'Pending'}),
      ],
      {'/api/v1/namespaces/shop/pods/web-1/log': 'a\r\nb\n', '/api/v1/namespaces/shop/pods/web-2/log': 'c'},
    )
    const out = sink()
    const read = await collectClusterLogs(source, {namespace: 'shop', selector: 'app=web', sinceSeconds: 300}, out)
    // GET /api/v1/namespaces/{namespace}/pods?labelSelector=…, paged as kubectl's --chunk-size (limit 500).
    expect(sent[0]).toEqual({method: 'GET', path: '/api/v1/namespaces/shop/pods', call: {query: {labelSelector: 'app=web', limit: 500, continue: undefined}}})
    // GET /api/v1/namespaces/{namespace}/pods/{name}/log?container=…&sinceSeconds=… (core/v1 PodLogOptions).
    expect(sent.slice(1)).toEqual([
      {method: 'GET', path: '/api/v1/namespaces/shop/pods/web-1/log', call: {query: {container: 'istio-proxy', sinceSeconds: 300}, text: true}},
      {method: 'GET', path: '/api/v1/namespaces/shop/pods/web-2/log', call: {query: {container: 'istio-proxy', sinceSeconds: 300}, text: true}},
    ])
    // kubectl logs.go addPrefixIfNeeded: "[pod/%s/%s] " with the pod's and the container's names.
    expect(out.lines).toEqual([
      ['[pod/web-1/istio-proxy] a', 'pod/shop/web-1', 1],
      ['[pod/web-1/istio-proxy] b', 'pod/shop/web-1', 2],
      ['[pod/web-2/istio-proxy] c', 'pod/shop/web-2', 1],
    ])
    expect(read).toEqual({pods: 4, sidecars: 2, withoutSidecar: 1, pending: 1, lines: 3})
  })

  it("reads every namespace through /api/v1/pods without -n, and OSM's envoy container", async () => {
    const {sent, source} = apiServer([pod('curl-1', ['curl', 'envoy'], {namespace: 'curl'})], {'/api/v1/namespaces/curl/pods/curl-1/log': 'x\n'})
    const out = sink()
    await collectClusterLogs(source, {}, out)
    expect(sent.map((s) => s.path)).toEqual(['/api/v1/pods', '/api/v1/namespaces/curl/pods/curl-1/log'])
    expect(sent[1].call?.query).toEqual({container: 'envoy', sinceSeconds: undefined})
    expect(out.lines).toEqual([['[pod/curl-1/envoy] x', 'pod/curl/curl-1', 1]])
  })

  it('says in one line when no pod is selected, when none has a sidecar, and when the API server forbids', async () => {
    const fails = async (pods: unknown[], fail?: {path: string; error: unknown}) => {
      const error = await collectClusterLogs(apiServer(pods, {}, fail).source, {namespace: 'shop', selector: 'app=web'}, sink()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(InputError)
      return (error as InputError).lines
    }
    expect(await fails([])).toEqual(['no pods in namespace "shop" with labels "app=web" (context "kind-test")'])
    expect(await fails([pod('web-3', ['web'])])).toEqual([
      'none of the 1 pods in namespace "shop" with labels "app=web" (context "kind-test") has an istio-proxy or envoy container: is the sidecar injected?',
    ])
    const forbidden = new ApiError(403, {
      reason: 'Forbidden',
      message: 'pods "web-1" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "shop"',
    })
    expect(await fails([pod('web-1', ['istio-proxy'])], {path: '/api/v1/namespaces/shop/pods/web-1/log', error: forbidden})).toEqual([
      'forbidden: pods "web-1" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "shop" (context "kind-test")',
    ])
  })
})
