import {InputError} from '../cli/exit.js'
import {parseDuration} from '../cli/flags.js'
import {progress} from '../cli/progress.js'
import {connect} from '../cluster/connect.js'
import type {ClusterFlags} from '../cluster/kubeconfig.js'
import {collectClusterLogs, type LogScope} from './cluster-logs.js'
import {FlowCollector} from './collect.js'

/** --since as kubectl takes it: a duration rounded to whole seconds (logs.go ToLogOptions), at least 1. */
export function sinceSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const seconds = parseDuration(text)
  if (seconds === null) throw new InputError([`--since: "${text}" is not a duration such as 30s, 5m or 1h`])
  if (Math.round(seconds) < 1) throw new InputError([`--since: "${text}" is less than a second`])
  return Math.round(seconds)
}

/**
 * Replay without --logs: the sidecar logs of the pods -n/-A and -l choose (every namespace without -n, as
 * this plugin reads the cluster), with a status line on a terminal and a one-line summary on stderr.
 */
export async function readSidecarLogs(flags: ClusterFlags, scope: Omit<LogScope, 'namespace'>): Promise<FlowCollector> {
  const started = performance.now()
  const cluster = await connect(flags)
  const collector = new FlowCollector()
  const status = progress()
  const read = await collectClusterLogs(cluster, {...scope, namespace: flags.allNamespaces ? undefined : flags.namespace}, collector, (r, of) => {
    status.update(`reading sidecar logs from context "${cluster.context}": ${r.sidecars}/${of} pods, ${count(r.lines)} lines…`.slice(0, (process.stderr.columns || 80) - 1))
  })
  status.clear()
  const skipped = [read.withoutSidecar && `${read.withoutSidecar} without a sidecar`, read.pending && `${read.pending} Pending`].filter(Boolean)
  process.stderr.write(
    `read ${count(read.lines)} lines from ${read.sidecars} sidecars of context "${cluster.context}" in ${((performance.now() - started) / 1000).toFixed(2)} s${skipped.length ? ` (pods skipped: ${skipped.join(', ')})` : ''}\n`,
  )
  return collector
}

const count = (n: number) => n.toLocaleString('en-US')
