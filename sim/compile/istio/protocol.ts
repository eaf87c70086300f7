/**
 * Port protocols and how Istio groups them (istio pkg/config/protocol/instance.go). AUTO is an unset
 * protocol: Istio sniffs HTTP and treats anything else as TCP.
 */
export type Protocol =
  | 'HTTP' | 'HTTP2' | 'HTTP_PROXY' | 'GRPC' | 'GRPC-WEB'
  | 'HTTPS' | 'TLS'
  | 'TCP' | 'MONGO' | 'REDIS' | 'MYSQL'
  | 'UDP'
  | 'AUTO'

const KNOWN: Record<string, Protocol> = {
  http: 'HTTP', http2: 'HTTP2', http_proxy: 'HTTP_PROXY', grpc: 'GRPC', 'grpc-web': 'GRPC-WEB',
  https: 'HTTPS', tls: 'TLS', tcp: 'TCP', mongo: 'MONGO', redis: 'REDIS', mysql: 'MYSQL', udp: 'UDP',
}

/** How the sidecar builds a listener for the port. */
export type ProtocolFamily = 'http' | 'tls' | 'tcp' | 'udp' | 'auto'

/** ServiceEntry and Gateway ports: case-insensitive; "" or absent ⇒ AUTO; anything else ⇒ null (unsupported). */
export function parseProtocol(text: string | undefined): Protocol | null {
  if (text === undefined || text === '') return 'AUTO'
  return KNOWN[text.toLowerCase()] ?? null
}

/**
 * Kubernetes Service ports: appProtocol, else the port-name prefix before "-" ("http-web" ⇒ HTTP); an
 * unknown name is sniffed (istio pkg/config/kube/conversion.go ConvertProtocol).
 */
export function kubePortProtocol(port: {name?: string; protocol?: string; appProtocol?: string}): Protocol {
  if (port.protocol === 'UDP') return 'UDP'
  const byAppProtocol = port.appProtocol ? parseProtocol(port.appProtocol) : null
  if (byAppProtocol && byAppProtocol !== 'AUTO') return byAppProtocol
  const prefix = (port.name ?? '').split('-')[0]
  const byName = prefix ? KNOWN[prefix.toLowerCase()] : undefined
  return byName && byName !== 'UDP' ? byName : 'AUTO'
}

export function protocolFamily(p: Protocol): ProtocolFamily {
  switch (p) {
    case 'HTTP': case 'HTTP2': case 'HTTP_PROXY': case 'GRPC': case 'GRPC-WEB':
      return 'http'
    case 'HTTPS': case 'TLS':
      return 'tls'
    case 'UDP':
      return 'udp'
    case 'AUTO':
      return 'auto'
    default:
      return 'tcp'
  }
}
