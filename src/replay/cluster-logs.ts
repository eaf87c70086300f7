import {Readable} from 'node:stream'
import {InputError} from '../cli/exit.js'
import type {Send} from '../cluster/api.js'
import {clusterErrorLines} from '../cluster/errors.js'
import {listAll} from '../cluster/list.js'
import {PROXY_CONTAINERS, type FlowCollector} from './collect.js'
import {eachLine} from './read-logs.js'

/** Which pods' sidecar logs to read: `kubectl logs` -n/-A, -l and --since. */
export interface LogScope {
  /** Undefined: every namespace. */
  namespace?: string
  /** A label selector, as kubectl's -l. */
  selector?: string
  /** --since in whole seconds (kubectl rounds the duration to the second, logs.go ToLogOptions). */
  sinceSeconds?: number
}

/** What `send` needs to say where a failure came from. */
export interface LogSource {
  context: string
  server: string
  send: Send
}

export interface LogsRead {
  /** Pods the scope selected. */
  pods: number
  /** Sidecar containers whose logs were read. */
  sidecars: number
  /** Pods skipped for having no istio-proxy or envoy container. */
  withoutSidecar: number
  /** Pods skipped as Pending: nothing has run in them, so nothing is logged. */
  pending: number
  lines: number
}

interface Pod {
  metadata?: {name?: string; namespace?: string}
  spec?: {containers?: Array<{name?: string}>; initContainers?: Array<{name?: string}>}
  status?: {phase?: string}
}

/** kubectl's --max-log-requests default: at most this many log requests at once. */
const CONCURRENT_REQUESTS = 5

/**
 * The sidecar's container: istio-proxy (Istio) or envoy (OSM). Istio's native-sidecar mode (Kubernetes 1.29+
 * sidecar containers, ENABLE_NATIVE_SIDECARS) injects istio-proxy as an init container with restartPolicy
 * Always (istio pkg/kube/inject), so init containers are looked at too.
 */
export function sidecarOf(pod: Pod): string | undefined {
  const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c.name ?? '')
  return names.find((n) => PROXY_CONTAINERS.has(n))
}

/**
 * Reads the sidecar logs of the selected pods into `collector`, each line prefixed as `kubectl logs --prefix`
 * prefixes it (`[pod/NAME/CONTAINER] `, kubectl pkg/cmd/logs/logs.go addPrefixIfNeeded) so that the lines
 * read from the cluster and from a file saved with kubectl are one and the same. Pods are fed in list order,
 * whatever order their logs arrive in. Throws InputError (one line) when no pod is selected, none has a
 * sidecar, or the API server refuses.
 */
export async function collectClusterLogs(
  source: LogSource,
  scope: LogScope,
  collector: Pick<FlowCollector, 'add'>,
  onProgress: (read: LogsRead, of: number) => void = () => {},
): Promise<LogsRead> {
  const where = `${scope.namespace ? `namespace "${scope.namespace}"` : 'any namespace'}${scope.selector ? ` with labels "${scope.selector}"` : ''} (context "${source.context}")`
  const at = {context: source.context, server: source.server, verb: 'list', kind: 'pods'}
  const podsPath = scope.namespace ? `/api/v1/namespaces/${encodeURIComponent(scope.namespace)}/pods` : '/api/v1/pods'
  const listed = await listAll(source.send, podsPath, {labelSelector: scope.selector}).catch((e: unknown) => {
    throw new InputError(clusterErrorLines(e, at))
  })
  const pods = listed.items as Pod[]
  if (pods.length === 0) throw new InputError([`no pods in ${where}`])
  const read: LogsRead = {pods: pods.length, sidecars: 0, withoutSidecar: 0, pending: 0, lines: 0}
  const targets: Array<{namespace: string; name: string; container: string}> = []
  for (const pod of pods) {
    const container = sidecarOf(pod)
    if (!container) read.withoutSidecar++
    else if (pod.status?.phase === 'Pending') read.pending++
    else targets.push({namespace: pod.metadata?.namespace ?? scope.namespace ?? 'default', name: pod.metadata?.name ?? '', container})
  }
  if (read.withoutSidecar === pods.length) throw new InputError([`none of the ${pods.length} pods in ${where} has an istio-proxy or envoy container: is the sidecar injected?`])
  if (targets.length === 0) throw new InputError([`no pod in ${where} with an istio-proxy or envoy container has started yet (${read.pending} Pending)`])

  const fetchLog = (t: (typeof targets)[number]): Promise<string> =>
    source
      .send('GET', `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.name)}/log`, {
        query: {container: t.container, sinceSeconds: scope.sinceSeconds},
        text: true,
      })
      .then((body) => String(body ?? ''))
      .catch((e: unknown) => {
        throw new InputError(clusterErrorLines(e, {...at, verb: 'read the logs of', kind: `pod ${t.namespace}/${t.name} (container ${t.container})`}))
      })
  const pending: Array<Promise<string>> = []
  let next = 0
  const start = () => {
    while (next < targets.length && pending.length - read.sidecars < CONCURRENT_REQUESTS) {
      const log = fetchLog(targets[next++])
      // Awaited in order later; until then a failure must not count as unhandled.
      log.catch(() => {})
      pending.push(log)
    }
  }
  start()
  for (let i = 0; i < targets.length; i++) {
    const text = await pending[i]
    read.sidecars++
    start()
    const t = targets[i]
    const prefix = `[pod/${t.name}/${t.container}] `
    const file = `pod/${t.namespace}/${t.name}`
    await eachLine(Readable.from([text]), (line, n) => {
      collector.add(prefix + line, file, n)
      read.lines++
    })
    onProgress(read, targets.length)
  }
  return read
}
