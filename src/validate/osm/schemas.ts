import type {Schema} from '../schema.js'

/**
 * Our own minimal copies of the OSM v1.2.4 CRD schemas (cmd/osm-bootstrap/crds/*.yaml), limited to what
 * egress depends on. test/osm/crd-agreement.test.ts checks every constraint here against the upstream files.
 */

const string: Schema = {type: 'string'}
const boolean: Schema = {type: 'boolean'}
const port: Schema = {type: 'integer', minimum: 1, maximum: 65535}
/** Not anchored with "^": "x10.0.0.0/8" passes (osm.md §1.1). */
const cidr: Schema = {type: 'string', pattern: String.raw`((?:\d{1,3}\.){3}\d{1,3})\/(\d{1,2})$`}

/** policy_egress.yaml, v1alpha1. */
export const EGRESS_SPEC: Schema = {
  type: 'object',
  required: ['sources', 'ports'],
  properties: {
    sources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'name', 'namespace'],
        properties: {kind: {type: 'string', enum: ['ServiceAccount']}, name: string, namespace: string},
      },
    },
    hosts: {type: 'array', items: string},
    ipAddresses: {type: 'array', items: cidr},
    ports: {
      type: 'array',
      items: {type: 'object', required: ['number', 'protocol'], properties: {number: port, protocol: string}},
    },
    matches: {
      type: 'array',
      items: {type: 'object', required: ['apiGroup', 'kind', 'name'], properties: {apiGroup: string, kind: string, name: string}},
    },
  },
}

/** smi_http_route_group.yaml, v1alpha4. */
export const HTTP_ROUTE_GROUP_SPEC: Schema = {
  type: 'object',
  required: ['matches'],
  properties: {
    matches: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: {
          name: string,
          pathRegex: string,
          methods: {type: 'array', items: {type: 'string', enum: ['*', 'GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']}},
          headers: {type: 'array', items: {type: 'object', additionalProperties: string}},
        },
      },
    },
  },
}

const count: Schema = {type: 'integer', minimum: 0}
/** The status of a rate-limited response: an error code (400–599). */
const rateLimitStatus: Schema = {type: 'integer', minimum: 400, maximum: 599}

/** policy_upstream_traffic_setting.yaml, v1alpha1: only connectionSettings matters for egress. */
export const UPSTREAM_TRAFFIC_SETTING_SPEC: Schema = {
  type: 'object',
  required: ['host'],
  properties: {
    host: string,
    connectionSettings: {
      type: 'object',
      properties: {
        tcp: {type: 'object', properties: {maxConnections: count, connectTimeout: string}},
        http: {
          type: 'object',
          properties: {maxRequests: count, maxRequestsPerConnection: count, maxPendingRequests: count, maxRetries: count},
        },
      },
    },
    rateLimit: {
      type: 'object',
      properties: {local: {type: 'object', properties: {http: {type: 'object', properties: {responseStatusCode: rateLimitStatus}}}}},
    },
    httpRoutes: {
      type: 'array',
      items: {type: 'object', properties: {rateLimit: {type: 'object', properties: {local: {type: 'object', properties: {responseStatusCode: rateLimitStatus}}}}}},
    },
  },
}

/** certificate: both fields are required whenever the section is written. */
const certificate: Schema = {
  type: 'object',
  required: ['serviceCertValidityDuration', 'certKeyBitSize'],
  properties: {serviceCertValidityDuration: string, certKeyBitSize: {type: 'integer'}},
}
/** Spelled as Envoy's TlsParameters enum ("TLSv1_2"), unlike Istio's "TLSV1_2". */
const tlsVersion = (fallback: string): Schema => ({type: 'string', enum: ['TLS_AUTO', 'TLSv1_0', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3'], default: fallback})

/** config_meshconfig.yaml, v1alpha1 (still served): no inclusion list and no sidecar TLS versions yet. */
export const MESH_CONFIG_V1ALPHA1_SPEC: Schema = {
  type: 'object',
  properties: {
    certificate,
    traffic: {
      type: 'object',
      properties: {
        enableEgress: boolean,
        enablePermissiveTrafficPolicyMode: boolean,
        outboundIPRangeExclusionList: {type: 'array', items: cidr},
        outboundPortExclusionList: {type: 'array', items: port},
      },
    },
    featureFlags: {type: 'object', properties: {enableEgressPolicy: boolean}},
  },
}

/** config_meshconfig.yaml, v1alpha2. */
export const MESH_CONFIG_SPEC: Schema = {
  ...MESH_CONFIG_V1ALPHA1_SPEC,
  properties: {
    ...MESH_CONFIG_V1ALPHA1_SPEC.properties,
    traffic: {
      type: 'object',
      properties: {...MESH_CONFIG_V1ALPHA1_SPEC.properties!.traffic.properties, outboundIPRangeInclusionList: {type: 'array', items: cidr}},
    },
    sidecar: {type: 'object', properties: {tlsMinProtocolVersion: tlsVersion('TLSv1_2'), tlsMaxProtocolVersion: tlsVersion('TLSv1_3')}},
  },
}
