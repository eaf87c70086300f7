import type {BackendRef, BackendTlsPolicySpec, GatewayApiGatewaySpec, HttpRouteSpec} from '../../model/gateway-api.js'
import type {Path} from '../schema.js'

/** A CEL rule (x-kubernetes-validations) the API server evaluates, with the message the CRD gives it. */
export interface CelViolation {
  at: Path
  /** "object" or "array": what the API server prints as the invalid value of a CEL failure. */
  valueType: 'object' | 'array'
  message: string
}

/**
 * The listener rules of gateway.networking.k8s.io_gateways.yaml v1.5.1 (spec.listeners x-kubernetes-validations),
 * the ones an egress Gateway meets.
 */
export function gatewayCel(spec: GatewayApiGatewaySpec): CelViolation[] {
  const listeners = spec.listeners ?? []
  const out: CelViolation[] = []
  const fail = (message: string) => out.push({at: ['spec', 'listeners'], valueType: 'array', message})
  if (listeners.some((l) => ['HTTP', 'TCP', 'UDP'].includes(l.protocol ?? '') && l.tls !== undefined)) fail("tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']")
  if (listeners.some((l) => l.protocol === 'HTTPS' && l.tls?.mode !== undefined && l.tls.mode !== 'Terminate')) fail('tls mode must be Terminate for protocol HTTPS')
  if (listeners.some((l) => l.protocol === 'TLS' && l.tls?.mode === undefined)) fail('tls mode must be set for protocol TLS')
  if (listeners.some((l) => ['TCP', 'UDP'].includes(l.protocol ?? '') && l.hostname !== undefined)) fail("hostname must not be specified for protocols ['TCP', 'UDP']")
  const names = listeners.map((l) => l.name)
  if (new Set(names).size !== names.length) fail('Listener name must be unique within the Gateway')
  const keys = listeners.map((l) => `${l.port}/${l.protocol}/${l.hostname ?? ''}`)
  if (new Set(keys).size !== keys.length) fail('Combination of port, protocol and hostname must be unique for each listener')
  return out
}

/** backendRefs[] "Must have port for Service reference" (every route kind). */
function backendCel(refs: BackendRef[] | undefined, at: Path): CelViolation[] {
  return (refs ?? []).flatMap((b, i) =>
    (b.group ?? '') === '' && (b.kind ?? 'Service') === 'Service' && b.port === undefined
      ? [{at: [...at, i], valueType: 'object' as const, message: 'Must have port for Service reference'}]
      : [],
  )
}

const ABSOLUTE_PATH_TYPES = ['Exact', 'PathPrefix', undefined]

/** HTTPRoute path rules (gateway.networking.k8s.io_httproutes.yaml v1.5.1, spec.rules[].matches[].path). */
export function routeCel(kind: string, spec: HttpRouteSpec): CelViolation[] {
  const out: CelViolation[] = []
  ;(spec.rules ?? []).forEach((rule, i) => {
    out.push(...backendCel(rule.backendRefs, ['spec', 'rules', i, 'backendRefs']))
    if (kind !== 'HTTPRoute') return
    ;(rule.matches ?? []).forEach((m, j) => {
      const value = m.path?.value
      if (m.path && ABSOLUTE_PATH_TYPES.includes(m.path.type) && value !== undefined && !value.startsWith('/')) {
        out.push({
          at: ['spec', 'rules', i, 'matches', j, 'path'],
          valueType: 'object',
          message: "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
        })
      }
    })
  })
  return out
}

type TargetRef = NonNullable<BackendTlsPolicySpec['targetRefs']>[number]

/** CEL's "not set or empty" test of the CRD's rules: `!has(x) || x == ''`. */
const unset = (s: string | undefined) => s === undefined || s === ''

/**
 * gateway.networking.k8s.io_backendtlspolicies.yaml v1.5.1 (v1 and v1alpha3): the spec.targetRefs, spec.validation
 * and spec.validation.subjectAltNames[] rules, in the CRD's order. Two refs name the same target when group, kind
 * and name are equal; sectionName absent and "" are the same to the rules.
 */
export function backendTlsCel(spec: BackendTlsPolicySpec): CelViolation[] {
  const out: CelViolation[] = []
  const refs = spec.targetRefs ?? []
  const same = (a: TargetRef, b: TargetRef) => a.group === b.group && a.kind === b.kind && a.name === b.name
  const fail = (at: Path, valueType: CelViolation['valueType'], message: string) => out.push({at, valueType, message})
  // self.all(p1, self.all(p2, same ? (p1 unset) == (p2 unset) : true))
  if (refs.some((a) => refs.some((b) => same(a, b) && unset(a.sectionName) !== unset(b.sectionName))))
    fail(['spec', 'targetRefs'], 'array', 'sectionName must be specified when targetRefs includes 2 or more references to the same target')
  // self.all(p1, self.exists_one(p2, same && (both unset || both set and equal))): p1 matches itself, so a second match fails.
  const matches = (a: TargetRef, b: TargetRef) => same(a, b) && ((unset(a.sectionName) && unset(b.sectionName)) || (a.sectionName !== undefined && a.sectionName === b.sectionName))
  if (refs.some((a) => refs.filter((b) => matches(a, b)).length !== 1))
    fail(['spec', 'targetRefs'], 'array', 'sectionName must be unique when targetRefs includes 2 or more references to the same target')
  const v = spec.validation
  if (v) {
    const refsSet = (v.caCertificateRefs?.length ?? 0) > 0
    const wellKnownSet = !unset(v.wellKnownCACertificates)
    if (refsSet && wellKnownSet) fail(['spec', 'validation'], 'object', 'must not contain both CACertificateRefs and WellKnownCACertificates')
    if (!refsSet && !wellKnownSet) fail(['spec', 'validation'], 'object', 'must specify either CACertificateRefs or WellKnownCACertificates')
    ;(v.subjectAltNames ?? []).forEach((san, i) => {
      const at = ['spec', 'validation', 'subjectAltNames', i]
      if (san.type === 'Hostname' && unset(san.hostname)) fail(at, 'object', 'SubjectAltName element must contain Hostname, if Type is set to Hostname')
      if (san.type !== 'Hostname' && !unset(san.hostname)) fail(at, 'object', 'SubjectAltName element must not contain Hostname, if Type is not set to Hostname')
      if (san.type === 'URI' && unset(san.uri)) fail(at, 'object', 'SubjectAltName element must contain URI, if Type is set to URI')
      if (san.type !== 'URI' && !unset(san.uri)) fail(at, 'object', 'SubjectAltName element must not contain URI, if Type is not set to URI')
    })
  }
  return out
}
