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
  },
}

/** config_meshconfig.yaml, v1alpha2. */
export const MESH_CONFIG_SPEC: Schema = {
  type: 'object',
  properties: {
    traffic: {
      type: 'object',
      properties: {
        enableEgress: boolean,
        enablePermissiveTrafficPolicyMode: boolean,
        outboundIPRangeExclusionList: {type: 'array', items: cidr},
        outboundIPRangeInclusionList: {type: 'array', items: cidr},
        outboundPortExclusionList: {type: 'array', items: port},
      },
    },
    featureFlags: {type: 'object', properties: {enableEgressPolicy: boolean}},
  },
}
