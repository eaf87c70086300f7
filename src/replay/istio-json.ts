import {present, statusOf, type AccessRecord} from './record.js'

/**
 * Istio's JSON encoding (meshConfig.accessLogEncoding JSON; istio pilot/pkg/model/telemetry_logging.go
 * EnvoyJSONLogFormatIstio): the text format's operators under snake_case keys. Recognised by
 * downstream_local_address, which OSM's format lacks.
 */
export function fromIstioJson(o: Record<string, unknown>): AccessRecord | null {
  if (!('downstream_local_address' in o) || !('upstream_cluster' in o)) return null
  return {
    format: 'istio-json',
    method: present(o.method),
    path: present(o.path),
    protocol: present(o.protocol),
    responseCode: statusOf(o.response_code),
    responseFlags: present(o.response_flags),
    authority: present(o.authority),
    upstreamHost: present(o.upstream_host),
    upstreamCluster: present(o.upstream_cluster),
    originalDestination: present(o.downstream_local_address),
    sni: present(o.requested_server_name),
  }
}
