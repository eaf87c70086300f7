/**
 * Istio's JSON encoding (meshConfig.accessLogEncoding JSON; istio pilot/pkg/model/telemetry_logging.go
 * EnvoyJSONLogFormatIstio): the text format's operators under snake_case keys. Recognised by
 * downstream_local_address (the original destination), which OSM's format lacks.
 */
export function isIstioJson(o: Record<string, unknown>): boolean {
  return 'downstream_local_address' in o && 'upstream_cluster' in o
}
