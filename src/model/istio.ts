/**
 * The parts of Istio's networking API (networking.istio.io v1alpha3/v1beta1/v1, all the same shape) and of
 * MeshConfig that egress decisions depend on. Field names follow istio/api's protos in JSON form.
 */

export interface ServiceEntrySpec {
  hosts?: string[]
  addresses?: string[]
  ports?: ServiceEntryPort[]
  location?: 'MESH_EXTERNAL' | 'MESH_INTERNAL'
  resolution?: 'NONE' | 'STATIC' | 'DNS' | 'DNS_ROUND_ROBIN' | 'DYNAMIC_DNS'
  endpoints?: WorkloadEntrySpec[]
  workloadSelector?: {labels?: Record<string, string>}
  exportTo?: string[]
  subjectAltNames?: string[]
}

export interface ServiceEntryPort {
  number: number
  name: string
  /** Upper- or lower-case; empty ⇒ protocol sniffing. */
  protocol?: string
  targetPort?: number
}

export interface WorkloadEntrySpec {
  address?: string
  network?: string
  ports?: Record<string, number>
  labels?: Record<string, string>
}

export interface VirtualServiceSpec {
  hosts?: string[]
  /** Empty ⇒ ["mesh"]; names without "NS/" are relative to the VirtualService's namespace. */
  gateways?: string[]
  http?: HttpRoute[]
  tls?: TlsRoute[]
  tcp?: TcpRoute[]
  exportTo?: string[]
}

export interface HttpRoute {
  name?: string
  match?: HttpMatchRequest[]
  route?: RouteDestination[]
  redirect?: {uri?: string; authority?: string; scheme?: string; port?: number; redirectCode?: number}
  directResponse?: {status: number}
  timeout?: string
  retries?: {attempts?: number; perTryTimeout?: string; retryOn?: string}
  fault?: {
    abort?: {httpStatus?: number; percentage?: {value?: number}}
    delay?: {fixedDelay?: string; percentage?: {value?: number}; percent?: number}
  }
}

export interface StringMatchSpec {
  exact?: string
  prefix?: string
  regex?: string
}

export interface HttpMatchRequest {
  name?: string
  uri?: StringMatchSpec
  scheme?: StringMatchSpec
  method?: StringMatchSpec
  authority?: StringMatchSpec
  headers?: Record<string, StringMatchSpec>
  withoutHeaders?: Record<string, StringMatchSpec>
  queryParams?: Record<string, StringMatchSpec>
  ignoreUriCase?: boolean
  port?: number
  sourceLabels?: Record<string, string>
  sourceNamespace?: string
  gateways?: string[]
}

export interface L4Match {
  destinationSubnets?: string[]
  port?: number
  sourceLabels?: Record<string, string>
  sourceNamespace?: string
  gateways?: string[]
}

export interface TlsRoute {
  match?: Array<L4Match & {sniHosts?: string[]}>
  route?: RouteDestination[]
}

export interface TcpRoute {
  match?: L4Match[]
  route?: RouteDestination[]
}

export interface RouteDestination {
  destination?: {host?: string; subset?: string; port?: {number?: number}}
  weight?: number
}

export interface GatewaySpec {
  selector?: Record<string, string>
  servers?: GatewayServer[]
}

export interface GatewayServer {
  port?: {number?: number; name?: string; protocol?: string}
  /** "[NAMESPACE/]DNSNAME"; the namespace part restricts which VirtualServices may bind. */
  hosts?: string[]
  tls?: {mode?: 'PASSTHROUGH' | 'SIMPLE' | 'MUTUAL' | 'AUTO_PASSTHROUGH' | 'ISTIO_MUTUAL' | 'OPTIONAL_MUTUAL'; httpsRedirect?: boolean}
  name?: string
}

export interface DestinationRuleSpec {
  host?: string
  trafficPolicy?: TrafficPolicy
  subsets?: Array<{name: string; labels?: Record<string, string>; trafficPolicy?: TrafficPolicy}>
  exportTo?: string[]
  workloadSelector?: {matchLabels?: Record<string, string>}
}

export interface TrafficPolicy {
  tls?: ClientTls
  portLevelSettings?: Array<{port?: {number?: number}; tls?: ClientTls}>
}

export interface ClientTls {
  mode?: 'DISABLE' | 'SIMPLE' | 'MUTUAL' | 'ISTIO_MUTUAL'
  sni?: string
  credentialName?: string
}

export interface SidecarSpec {
  workloadSelector?: {labels?: Record<string, string>}
  egress?: Array<{port?: {number?: number; protocol?: string; name?: string}; bind?: string; captureMode?: string; hosts: string[]}>
  outboundTrafficPolicy?: {mode?: 'REGISTRY_ONLY' | 'ALLOW_ANY'; egressProxy?: unknown}
}

/** istio/api mesh/v1alpha1/config.proto, the fields that shape outbound traffic. */
export interface MeshConfig {
  /** `tls`: origination towards unknown hosts under ALLOW_ANY_DYNAMIC_DNS (istio ≥1.31). */
  outboundTrafficPolicy?: {mode?: 'REGISTRY_ONLY' | 'ALLOW_ANY' | 'ALLOW_ANY_DYNAMIC_DNS'; tls?: ClientTls}
  /** The ProxyConfig every proxy starts from; a pod's proxy.istio.io/config annotation overrides it. */
  defaultConfig?: {proxyMetadata?: Record<string, string>}
  rootNamespace?: string
  connectTimeout?: string
  defaultServiceExportTo?: string[]
  defaultVirtualServiceExportTo?: string[]
  defaultDestinationRuleExportTo?: string[]
}

/** install.istio.io IstioOperator: only its meshConfig matters here. */
export interface IstioOperatorSpec {
  meshConfig?: MeshConfig
}
