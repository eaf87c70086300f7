/** Access-log lines for tests, written from the formats' documented fields. */

// Istio's default TEXT format, field by field (istio pilot/pkg/model/telemetry_logging.go EnvoyTextLogFormat):
// request, code, flags, details, termination, "failure", bytes in/out, duration, upstream time, "xff", "agent",
// "request id", "authority", "upstream host", cluster, upstream local, downstream local (the original
// destination), downstream remote, SNI, route.
export function istioText(f: {
  request?: string
  id?: string
  authority?: string
  host?: string
  cluster?: string
  local?: string
  dst?: string
  remote?: string
  sni?: string
}): string {
  const {
    request = '- - -',
    id = '-',
    authority = '-',
    host = '203.0.113.7:443',
    cluster = 'PassthroughCluster',
    local = '10.0.0.5:40001',
    dst = '203.0.113.7:443',
    remote = '10.0.0.5:40000',
    sni = '-',
  } = f
  return `[pod/sleep-1/istio-proxy] [2026-12-01T10:00:01.101Z] "${request}" 0 - - - "-" 10 20 30 - "-" "-" "${id}" "${authority}" "${host}" ${cluster} ${local} ${dst} ${remote} ${sni} -`
}

/** OSM's Envoy JSON access log (OSM v1.2.4 pkg/envoy/xdsutil.go getStdoutAccessLog), prefixed as kubectl logs --prefix does. */
export function osmLine(fields: Record<string, unknown>, pod = 'curl-1'): string {
  return `[pod/${pod}/envoy] ${JSON.stringify({method: 'GET', path: '/get', protocol: 'HTTP/1.1', response_code: 200, time_to_first_byte: 1, upstream_cluster: 'api.example:80', authority: 'api.example', upstream_host: '203.0.113.7:80', ...fields})}`
}
