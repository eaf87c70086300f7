import type {Cluster, Origin} from '../../rules/types.js'
import {PASSTHROUGH_CLUSTER} from './names.js'
import type {ClusterConfig} from './traffic-policy.js'

/**
 * pkg/envoy/cds/cluster.go getEgressClusters: a host ⇒ STRICT_DNS of that host, no host ⇒ ORIGINAL_DST
 * (forward to what the client dialled). cds/response.go removeDups keeps the first cluster of a name.
 */
export function egressClusters(configs: readonly ClusterConfig[]): Cluster[] {
  return configs.map((c) => ({
    name: c.name,
    type: c.host === undefined ? 'ORIGINAL_DST' : 'STRICT_DNS',
    endpoints: c.host === undefined ? [] : [{host: c.host, port: c.port}],
    ...connectTimeout(c),
    origin: c.origin,
  }))
}

export function passthroughCluster(origin: Origin): Cluster {
  return {name: PASSTHROUGH_CLUSTER, type: 'ORIGINAL_DST', endpoints: [], origin}
}

/** First cluster of each name wins, as in cds/response.go removeDups. */
export function byName(clusters: readonly Cluster[]): Record<string, Cluster> {
  const out: Record<string, Cluster> = {}
  for (const c of clusters) if (!(c.name in out)) out[c.name] = c
  return out
}

/** applyUpstreamTrafficSetting: connectionSettings.tcp.connectTimeout → connect_timeout. */
function connectTimeout(c: ClusterConfig): {connectTimeoutSeconds?: number} {
  const text = c.uts?.spec?.connectionSettings?.tcp?.connectTimeout
  const seconds = text === undefined ? undefined : goDurationSeconds(text)
  return seconds === undefined ? {} : {connectTimeoutSeconds: seconds}
}

const UNIT_SECONDS: Record<string, number> = {h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9}

/** Go time.ParseDuration for the unsigned forms ("5s", "1m30s", "250ms"). */
function goDurationSeconds(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]], 0)
}
