/**
 * Port protocols and how Istio groups them (istio pkg/config/protocol/instance.go). AUTO is an unset
 * protocol: Istio sniffs HTTP and treats anything else as TCP.
 */
export type Protocol = 'HTTP' | 'HTTP2' | 'HTTP_PROXY' | 'GRPC' | 'GRPC-WEB' | 'HTTPS' | 'TLS' | 'TCP' | 'MONGO' | 'REDIS' | 'MYSQL' | 'UDP' | 'AUTO'

const KNOWN: Record<string, Protocol> = {
  http: 'HTTP',
  http2: 'HTTP2',
  http_proxy: 'HTTP_PROXY',
  grpc: 'GRPC',
  'grpc-web': 'GRPC-WEB',
  https: 'HTTPS',
  tls: 'TLS',
  tcp: 'TCP',
  mongo: 'MONGO',
  redis: 'REDIS',
  mysql: 'MYSQL',
  udp: 'UDP',
}

/** How the sidecar builds a listener for the port. */
export type ProtocolFamily = 'http' | 'tls' | 'tcp' | 'udp' | 'auto'

/** ServiceEntry and Gateway ports: case-insensitive; "" or absent ⇒ AUTO; anything else ⇒ null (unsupported). */
export function parseProtocol(text: string | undefined): Protocol | null {
  if (text === undefined || text === '') return 'AUTO'
  return KNOWN[text.toLowerCase()] ?? null
}

/** Ports Istio never sniffs: an unnamed port there is TCP (istio pkg/config/kube/conversion.go wellKnownPorts). */
const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017])

/** Kubernetes' own appProtocol names (istio pkg/config/kube/conversion.go ConvertProtocol). */
const KUBERNETES_APP_PROTOCOLS: Record<string, Protocol> = {'kubernetes.io/h2c': 'HTTP2', 'kubernetes.io/ws': 'HTTP', 'kubernetes.io/wss': 'HTTPS'}

/**
 * Kubernetes Service ports (istio pkg/config/kube/conversion.go ConvertProtocol): UDP stays UDP; otherwise
 * appProtocol when set, else the port name, read up to its first "-" ("http-web" ⇒ HTTP, "grpc-web…" ⇒
 * GRPC-Web). Anything else is sniffed (AUTO), except on the well-known TCP ports.
 */
export function kubePortProtocol(port: {port?: number; name?: string; protocol?: string; appProtocol?: string}): Protocol {
  if (port.protocol === 'UDP') return 'UDP'
  const name = port.appProtocol ?? port.name ?? ''
  if (port.appProtocol !== undefined && KUBERNETES_APP_PROTOCOLS[port.appProtocol]) return KUBERNETES_APP_PROTOCOLS[port.appProtocol]
  if (name.toLowerCase().startsWith('grpc-web')) return 'GRPC-WEB'
  const parsed = KNOWN[name.split('-')[0].toLowerCase()]
  if (parsed) return parsed
  return port.port !== undefined && WELL_KNOWN_TCP_PORTS.has(port.port) ? 'TCP' : 'AUTO'
}

export function protocolFamily(p: Protocol): ProtocolFamily {
  switch (p) {
    case 'HTTP':
    case 'HTTP2':
    case 'HTTP_PROXY':
    case 'GRPC':
    case 'GRPC-WEB':
      return 'http'
    case 'HTTPS':
    case 'TLS':
      return 'tls'
    case 'UDP':
      return 'udp'
    case 'AUTO':
      return 'auto'
    default:
      return 'tcp'
  }
}
