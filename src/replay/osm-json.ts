/**
 * OSM's Envoy access log (OSM v1.2.4 pkg/envoy/xdsutil.go getStdoutAccessLog; the same in osm-edge v1.3.9
 * pkg/sidecar/providers/envoy/xdsutil.go): JSON with start_time, method, path, protocol, response_code,
 * response_code_details, time_to_first_byte, upstream_cluster, response_flags, bytes_*, duration,
 * upstream_service_time, x_forwarded_for, user_agent, request_id, requested_server_name, authority,
 * upstream_host. It has no downstream_local_address, so the original destination is not in it.
 * Recognised by time_to_first_byte, which Istio's format lacks.
 */
export function isOsmJson(o: Record<string, unknown>): boolean {
  return 'time_to_first_byte' in o && 'upstream_cluster' in o && !('downstream_local_address' in o)
}
