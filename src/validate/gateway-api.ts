import {GATEWAY_API_GROUP} from '../../sim/compile/istio/gateway-api/gateways.js'
import {gatewayApiConfig} from '../../sim/compile/istio/gateway-api/index.js'
import {inApiGroup} from '../../sim/compile/select.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {BackendTlsPolicySpec, GatewayApiGatewaySpec, HttpRouteSpec} from '../model/gateway-api.js'
import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'
import {deprecatedVersion} from './deprecated-versions.js'
import {diagnosticAt} from './diagnostic-at.js'
import {backendTlsCel, gatewayCel, routeCel} from './gateway-api/cel.js'
import {GATEWAY_API_SPECS, SPEC_OPTIONAL} from './gateway-api/schemas.js'
import {checkSchema, type SchemaViolation} from './schema.js'

const CODES: Record<SchemaViolation['rule'], string> = {
  required: 'GATEWAY_API_REQUIRED_FIELD',
  type: 'GATEWAY_API_CRD_TYPE',
  enum: 'GATEWAY_API_UNSUPPORTED_VALUE',
  minimum: 'GATEWAY_API_CRD_MINIMUM',
  maximum: 'GATEWAY_API_CRD_MAXIMUM',
  pattern: 'GATEWAY_API_CRD_PATTERN',
  minItems: 'GATEWAY_API_CRD_MIN_ITEMS',
  maxItems: 'GATEWAY_API_CRD_MAX_ITEMS',
  minProperties: 'GATEWAY_API_CRD_MIN_PROPERTIES',
  maxProperties: 'GATEWAY_API_CRD_MAX_PROPERTIES',
  minLength: 'GATEWAY_API_CRD_MIN_LENGTH',
  maxLength: 'GATEWAY_API_CRD_MAX_LENGTH',
  invalid: 'GATEWAY_API_CRD_INVALID',
  duplicate: 'GATEWAY_API_CRD_DUPLICATE',
  oneOf: 'GATEWAY_API_CRD_ONE_OF',
}

/** What the API server says about one gateway.networking.k8s.io object: served version, structural schema, CEL rules. */
function apiServerErrors(r: Resource): Diagnostic[] {
  const versions = GATEWAY_API_SPECS[r.kind]
  if (!versions) return []
  const version = r.apiVersion.slice(r.apiVersion.indexOf('/') + 1)
  const schema = versions[version]
  if (!schema) {
    const served = Object.keys(versions).map((v) => `${GATEWAY_API_GROUP}/${v}`)
    return [
      diagnosticAt(r, ['apiVersion'], 'GATEWAY_API_VERSION_NOT_SERVED', 'error', `no matches for kind "${r.kind}" in version "${r.apiVersion}"`, `use ${served.join(' or ')}`),
    ]
  }
  if ((r.raw.spec === undefined || r.raw.spec === null) && !SPEC_OPTIONAL.has(r.kind)) return [diagnosticAt(r, ['spec'], CODES.required, 'error', 'Required value')]
  const violations = checkSchema(r.raw.spec, schema, ['spec']).map((v) => diagnosticAt(r, v.at, CODES[v.rule], 'error', v.message))
  if (violations.length) return violations
  const cel =
    r.kind === 'Gateway'
      ? gatewayCel(r.spec as GatewayApiGatewaySpec)
      : r.kind === 'BackendTLSPolicy'
        ? backendTlsCel(r.spec as BackendTlsPolicySpec)
        : routeCel(r.kind, (r.spec ?? {}) as HttpRouteSpec)
  return cel.map((c) => diagnosticAt(r, c.at, 'GATEWAY_API_CEL', 'error', `Invalid value: "${c.valueType}": ${c.message}`))
}

/**
 * Errors: what the API server rejects in Gateway API objects (Gateway API v1.5.1 CRDs). Warnings: the route
 * status conditions istiod writes when a route is not attached or a reference does not resolve
 * (pilot/pkg/config/kube/gateway/conditions.go), with istiod's reason and message.
 */
export function validateGatewayApi(set: ModelSet): Diagnostic[] {
  const out: Diagnostic[] = []
  const rejected = new Set<Resource>()
  for (const r of set.resources) {
    if (!inApiGroup(r.apiVersion, GATEWAY_API_GROUP)) continue
    const errors = apiServerErrors(r)
    if (errors.length) rejected.add(r)
    out.push(...deprecatedVersion(r, 'GATEWAY_API'), ...errors)
  }
  if (!set.resources.some((r) => inApiGroup(r.apiVersion, GATEWAY_API_GROUP))) return out
  const stored: ModelSet = rejected.size ? {resources: set.resources.filter((r) => !rejected.has(r))} : set
  for (const status of gatewayApiConfig(stored).statuses) {
    for (const c of status.conditions) {
      if (c.status === 'True') continue
      const code = c.type === 'Accepted' ? 'GATEWAY_ROUTE_NOT_ACCEPTED' : 'GATEWAY_ROUTE_REFS_UNRESOLVED'
      const what = c.type === 'Accepted' ? 'the parent does not accept this route' : 'a reference does not resolve'
      out.push(diagnosticAt(status.route, ['spec', 'parentRefs', status.parentIndex], code, 'warning', `${what}: istiod sets ${c.type}=False, reason ${c.reason}: ${c.message}`))
    }
  }
  return out
}
