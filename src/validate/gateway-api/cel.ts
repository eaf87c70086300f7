import type {BackendRef, GatewayApiGatewaySpec, HttpRouteSpec} from '../../model/gateway-api.js'
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
