/**
 * The parts of the Kubernetes Gateway API (gateway.networking.k8s.io v1, v1beta1 and the alpha versions
 * that carry TLSRoute/TCPRoute) that Istio reads for egress. Field names follow sigs.k8s.io/gateway-api
 * apis/v1 in JSON form; the versions share these fields.
 */

export interface GatewayApiGatewaySpec {
  gatewayClassName?: string
  listeners?: GatewayListener[]
  /** A manually deployed gateway: the Service (type Hostname) or IP whose pods run it. */
  addresses?: Array<{type?: string; value?: string}>
}

export interface GatewayListener {
  name?: string
  hostname?: string
  port?: number
  /** HTTP, HTTPS, TLS, TCP, UDP, and Istio's HBONE for waypoints. */
  protocol?: string
  tls?: {mode?: 'Terminate' | 'Passthrough'; options?: Record<string, string>; certificateRefs?: unknown[]}
  allowedRoutes?: {
    namespaces?: {
      from?: 'All' | 'Same' | 'Selector' | 'None'
      selector?: {matchLabels?: Record<string, string>; matchExpressions?: Array<{key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[]}>}
    }
    kinds?: Array<{group?: string; kind: string}>
  }
}

export interface ParentReference {
  group?: string
  kind?: string
  namespace?: string
  name: string
  sectionName?: string
  port?: number
}

export interface BackendRef {
  group?: string
  kind?: string
  name: string
  namespace?: string
  port?: number
  weight?: number
  filters?: HttpRouteFilter[]
}

export interface HttpPathMatch {
  type?: 'Exact' | 'PathPrefix' | 'RegularExpression'
  value?: string
}

export interface HttpRouteMatch {
  path?: HttpPathMatch
  headers?: Array<{type?: 'Exact' | 'RegularExpression'; name: string; value: string}>
  queryParams?: Array<{type?: 'Exact' | 'RegularExpression'; name: string; value: string}>
  method?: string
}

export interface HttpRouteFilter {
  type: string
  requestRedirect?: {scheme?: string; hostname?: string; path?: {type?: string; replaceFullPath?: string; replacePrefixMatch?: string}; port?: number; statusCode?: number}
}

export interface HttpRouteRule {
  name?: string
  matches?: HttpRouteMatch[]
  filters?: HttpRouteFilter[]
  backendRefs?: BackendRef[]
  timeouts?: {request?: string; backendRequest?: string}
}

export interface HttpRouteSpec {
  parentRefs?: ParentReference[]
  hostnames?: string[]
  rules?: HttpRouteRule[]
}

/** GRPCRoute: matched by service/method, which Istio turns into a path match. */
export interface GrpcRouteSpec {
  parentRefs?: ParentReference[]
  hostnames?: string[]
  rules?: Array<{name?: string; matches?: Array<{method?: {type?: 'Exact' | 'RegularExpression'; service?: string; method?: string}}>; backendRefs?: BackendRef[]}>
}

export interface TlsRouteSpec {
  parentRefs?: ParentReference[]
  hostnames?: string[]
  rules?: Array<{name?: string; backendRefs?: BackendRef[]}>
}

export interface TcpRouteSpec {
  parentRefs?: ParentReference[]
  rules?: Array<{name?: string; backendRefs?: BackendRef[]}>
}

export interface ReferenceGrantSpec {
  from?: Array<{group?: string; kind?: string; namespace?: string}>
  to?: Array<{group?: string; kind?: string; name?: string}>
}

export type RouteSpec = HttpRouteSpec | GrpcRouteSpec | TlsRouteSpec | TcpRouteSpec

/** BackendTLSPolicy (v1alpha3, v1 since Gateway API 1.4): the TLS a proxy originates to its target. */
export interface BackendTlsPolicySpec {
  targetRefs?: Array<{group?: string; kind?: string; name?: string; sectionName?: string}>
  validation?: {
    hostname?: string
    wellKnownCACertificates?: string
    caCertificateRefs?: Array<{group?: string; kind?: string; name?: string}>
    subjectAltNames?: Array<{type?: string; hostname?: string; uri?: string}>
  }
}
