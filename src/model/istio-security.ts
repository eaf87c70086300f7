/** security.istio.io AuthorizationPolicy (v1beta1/v1, one shape), as istio/api security/v1beta1/authorization.proto. */

export interface PolicyTargetReference {
  group?: string
  kind?: string
  name?: string
  namespace?: string
}

export interface AuthorizationPolicySpec {
  selector?: {matchLabels?: Record<string, string>}
  targetRef?: PolicyTargetReference
  targetRefs?: PolicyTargetReference[]
  action?: 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM'
  provider?: {name?: string}
  rules?: AuthorizationRule[]
}

export interface AuthorizationRule {
  from?: Array<{source?: AuthorizationSource}>
  to?: Array<{operation?: AuthorizationOperation}>
  when?: Array<{key?: string; values?: string[]; notValues?: string[]}>
}

export interface AuthorizationSource {
  principals?: string[]
  notPrincipals?: string[]
  requestPrincipals?: string[]
  notRequestPrincipals?: string[]
  namespaces?: string[]
  notNamespaces?: string[]
  ipBlocks?: string[]
  notIpBlocks?: string[]
  remoteIpBlocks?: string[]
  notRemoteIpBlocks?: string[]
}

export interface AuthorizationOperation {
  hosts?: string[]
  notHosts?: string[]
  ports?: string[]
  notPorts?: string[]
  methods?: string[]
  notMethods?: string[]
  paths?: string[]
  notPaths?: string[]
}
