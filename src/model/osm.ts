/**
 * The OSM (and osm-edge) objects egress decisions depend on, as far as OSM v1.2.4 reads them.
 * Go types: osm@v1.2.4 pkg/apis/policy/v1alpha1/egress.go, upstreamtrafficsetting.go,
 * pkg/apis/config/v1alpha2/meshconfig.go; smi-sdk-go@v0.5.0 pkg/apis/specs/v1alpha4/http_route.go.
 */

export interface EgressSpec {
  sources: EgressSource[]
  /** HTTP: Host/:authority; HTTPS: TLS SNI; ignored for TCP. */
  hosts?: string[]
  /** Destination CIDRs (tcp, tcp-server-first, https; inert for http in OSM). */
  ipAddresses?: string[]
  ports: EgressPort[]
  matches?: EgressMatch[]
}

export interface EgressSource {
  kind: string
  name: string
  namespace: string
}

export interface EgressPort {
  number: number
  /** Free string; only http, https, tcp, tcp-server-first do anything. */
  protocol: string
}

/** corev1.TypedLocalObjectReference, except that apiGroup must be "group/version". */
export interface EgressMatch {
  apiGroup: string
  kind: string
  name: string
}

export interface HTTPRouteGroupSpec {
  matches: HTTPMatch[]
}

export interface HTTPMatch {
  name: string
  pathRegex?: string
  methods?: string[]
  /** A list of single-key maps, merged into one map by smi-sdk-go. */
  headers?: Array<Record<string, string>>
}

export interface UpstreamTrafficSettingSpec {
  host: string
  connectionSettings?: {
    tcp?: {maxConnections?: number; connectTimeout?: string}
    http?: {maxRequests?: number; maxRequestsPerConnection?: number; maxPendingRequests?: number; maxRetries?: number}
  }
}

export interface MeshConfigSpec {
  traffic?: {
    enableEgress?: boolean
    enablePermissiveTrafficPolicyMode?: boolean
    outboundIPRangeExclusionList?: string[]
    outboundIPRangeInclusionList?: string[]
    outboundPortExclusionList?: number[]
  }
  featureFlags?: {
    enableEgressPolicy?: boolean
  }
}
