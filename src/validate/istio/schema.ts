import type {Diagnostic} from '../../model/diagnostic.js'
import type {Resource} from '../../model/resource.js'
import {at, type Path} from './diagnostic.js'

/**
 * Facts from the Istio CRDs' structural schemas (networking.istio.io, identical in v1alpha3/v1beta1/v1):
 * required fields and enums, checked the way the API server would. A test compares them with the CRDs.
 * Paths use "[]" for "every item of the list".
 */
export interface SchemaFacts {
  required: Array<{path: string; fields: string[]; code?: string}>
  enums: Array<{path: string; values: string[]}>
}

const TLS_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']

export const ISTIO_SCHEMA: Record<string, SchemaFacts> = {
  ServiceEntry: {
    required: [
      {path: 'spec', fields: ['hosts'], code: 'ISTIO_SE_NO_HOSTS'},
      {path: 'spec.ports[]', fields: ['number', 'name']},
    ],
    enums: [
      {path: 'spec.location', values: ['MESH_EXTERNAL', 'MESH_INTERNAL']},
      {path: 'spec.resolution', values: ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS']},
    ],
  },
  VirtualService: {
    required: [
      {path: 'spec.http[].route[]', fields: ['destination']},
      {path: 'spec.http[].route[].destination', fields: ['host']},
      {path: 'spec.http[].directResponse', fields: ['status']},
      {path: 'spec.tls[]', fields: ['match']},
      {path: 'spec.tls[].match[]', fields: ['sniHosts']},
      {path: 'spec.tls[].route[]', fields: ['destination']},
      {path: 'spec.tls[].route[].destination', fields: ['host']},
      {path: 'spec.tcp[].route[]', fields: ['destination']},
      {path: 'spec.tcp[].route[].destination', fields: ['host']},
    ],
    enums: [],
  },
  DestinationRule: {
    required: [
      {path: 'spec', fields: ['host']},
      {path: 'spec.subsets[]', fields: ['name']},
    ],
    enums: [
      {path: 'spec.trafficPolicy.tls.mode', values: TLS_MODES},
      {path: 'spec.trafficPolicy.portLevelSettings[].tls.mode', values: TLS_MODES},
      {path: 'spec.subsets[].trafficPolicy.tls.mode', values: TLS_MODES},
      {path: 'spec.subsets[].trafficPolicy.portLevelSettings[].tls.mode', values: TLS_MODES},
    ],
  },
  Gateway: {
    required: [
      {path: 'spec.servers[]', fields: ['port', 'hosts']},
      {path: 'spec.servers[].port', fields: ['number', 'protocol', 'name']},
    ],
    enums: [{path: 'spec.servers[].tls.mode', values: ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL']}],
  },
  Sidecar: {
    required: [{path: 'spec.egress[]', fields: ['hosts']}],
    enums: [
      {path: 'spec.outboundTrafficPolicy.mode', values: ['REGISTRY_ONLY', 'ALLOW_ANY']},
      {path: 'spec.egress[].captureMode', values: ['DEFAULT', 'IPTABLES', 'NONE']},
    ],
  },
}

/** Every value at `path` ("spec.ports[].name") with its concrete path (['spec', 'ports', 0, 'name']). */
function valuesAt(root: unknown, path: string): Array<{value: unknown; at: Path}> {
  let current: Array<{value: unknown; at: Path}> = [{value: root, at: []}]
  for (const part of path.split('.')) {
    const list = part.endsWith('[]')
    const key = list ? part.slice(0, -2) : part
    const next: Array<{value: unknown; at: Path}> = []
    for (const {value, at: p} of current) {
      if (value === null || typeof value !== 'object' || !(key in value)) continue
      const child = (value as Record<string, unknown>)[key]
      if (!list) next.push({value: child, at: [...p, key]})
      else if (Array.isArray(child)) child.forEach((item, i) => next.push({value: item, at: [...p, key, i]}))
    }
    current = next
  }
  return current
}

/** What the API server's structural-schema check says about one object. */
export function checkSchema(r: Resource, facts: SchemaFacts): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const req of facts.required) {
    for (const {value, at: p} of valuesAt(r.raw, req.path)) {
      if (value === null || typeof value !== 'object') continue
      for (const f of req.fields) {
        if (!(f in value)) out.push(at(r, [...p, f], req.code ?? 'ISTIO_REQUIRED_FIELD', 'error', `Required value: ${f} must be set`))
      }
    }
  }
  for (const e of facts.enums) {
    for (const {value, at: p} of valuesAt(r.raw, e.path)) {
      if (!e.values.includes(value as string)) {
        out.push(at(r, p, 'ISTIO_UNSUPPORTED_VALUE', 'error', `Unsupported value: ${JSON.stringify(value)}: supported values: ${e.values.map((v) => `"${v}"`).join(', ')}`))
      }
    }
  }
  return out
}
