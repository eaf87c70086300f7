import {fromEnvoyJson, present, type AccessRecord} from './record.js'

/**
 * Istio's JSON encoding (meshConfig.accessLogEncoding JSON; istio pilot/pkg/model/telemetry_logging.go
 * EnvoyJSONLogFormatIstio): the text format's operators under snake_case keys. Recognised by
 * downstream_local_address, which OSM's format lacks.
 */
export function fromIstioJson(o: Record<string, unknown>): AccessRecord | null {
  if (!('downstream_local_address' in o) || !('upstream_cluster' in o)) return null
  return {...fromEnvoyJson(o, 'istio-json'), originalDestination: present(o.downstream_local_address)}
}
