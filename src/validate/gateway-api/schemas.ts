import type {Schema} from '../schema.js'

/**
 * Our own minimal copies of the Gateway API CRDs' structural schemas (sigs.k8s.io/gateway-api v1.5.1, the
 * release Istio 1.30 vendors; standard channel, experimental for TCPRoute and TLSRoute v1alpha2), limited to
 * the fields Istio reads for egress. The experimental channel is the one that serves every version Istio's egress
 * tasks use (TLSRoute v1alpha2, TCPRoute), so its constraints are the ones written here. test/gateway-api/crd-schema.test.ts checks every constraint here
 * against the upstream CRDs. The CEL rules (x-kubernetes-validations) are in ./cel.ts.
 */

const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'
const HOSTNAME: Schema = {type: 'string', pattern: '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', minLength: 1, maxLength: 253}
const GROUP: Schema = {type: 'string', pattern: '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', maxLength: 253}
const KIND: Schema = {type: 'string', pattern: '^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$', minLength: 1, maxLength: 63}
const OBJECT_NAME: Schema = {type: 'string', minLength: 1, maxLength: 253}
const NAMESPACE: Schema = {type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', minLength: 1, maxLength: 63}
const SECTION_NAME: Schema = {type: 'string', pattern: DNS_SUBDOMAIN, minLength: 1, maxLength: 253}
const PORT: Schema = {type: 'integer', minimum: 1, maximum: 65535}
const HEADER_NAME: Schema = {type: 'string', pattern: "^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$", minLength: 1, maxLength: 256}
const DURATION: Schema = {type: 'string', pattern: '^([0-9]{1,5}(h|m|s|ms)){1,4}$'}

/** Implementation-specific TLS settings (Gateway listeners and BackendTLSPolicy): at most 16. */
const TLS_OPTIONS: Schema = {type: 'object', maxProperties: 16, additionalProperties: {type: 'string', minLength: 0, maxLength: 4096}}

const hostnames = (more: Partial<Schema> = {}): Schema => ({type: 'array', items: HOSTNAME, maxItems: 16, ...more})

const PARENT_REFS: Schema = {
  type: 'array',
  maxItems: 32,
  items: {type: 'object', required: ['name'], properties: {group: GROUP, kind: KIND, name: OBJECT_NAME, namespace: NAMESPACE, port: PORT, sectionName: SECTION_NAME}},
}

const BACKEND_REF: Schema = {
  type: 'object',
  required: ['name'],
  properties: {group: GROUP, kind: KIND, name: OBJECT_NAME, namespace: NAMESPACE, port: PORT, weight: {type: 'integer', minimum: 0, maximum: 1000000}},
}

const LABEL_SELECTOR: Schema = {
  type: 'object',
  properties: {
    matchLabels: {type: 'object', additionalProperties: {type: 'string'}},
    matchExpressions: {
      type: 'array',
      items: {type: 'object', required: ['key', 'operator'], properties: {key: {type: 'string'}, operator: {type: 'string'}, values: {type: 'array', items: {type: 'string'}}}},
    },
  },
}

/** gateway.networking.k8s.io_gateways.yaml v1 (and v1beta1, the same schema). */
export const GATEWAY_SPEC: Schema = {
  type: 'object',
  required: ['gatewayClassName', 'listeners'],
  properties: {
    gatewayClassName: {type: 'string', minLength: 1, maxLength: 253},
    addresses: {type: 'array', maxItems: 16, items: {type: 'object', properties: {value: {type: 'string', maxLength: 253}}}},
    listeners: {
      type: 'array',
      minItems: 1,
      maxItems: 64,
      items: {
        type: 'object',
        required: ['name', 'port', 'protocol'],
        properties: {
          name: SECTION_NAME,
          hostname: HOSTNAME,
          port: PORT,
          protocol: {
            type: 'string',
            pattern: '^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\/[A-Za-z0-9]+$',
            minLength: 1,
            maxLength: 255,
          },
          tls: {
            type: 'object',
            properties: {
              mode: {type: 'string', enum: ['Terminate', 'Passthrough']},
              options: TLS_OPTIONS,
            },
          },
          allowedRoutes: {
            type: 'object',
            properties: {
              kinds: {type: 'array', maxItems: 8, items: {type: 'object', required: ['kind'], properties: {group: GROUP, kind: KIND}}},
              namespaces: {type: 'object', properties: {from: {type: 'string', enum: ['All', 'Selector', 'Same']}, selector: LABEL_SELECTOR}},
            },
          },
        },
      },
    },
  },
}

const HTTP_MATCH: Schema = {
  type: 'object',
  properties: {
    path: {type: 'object', properties: {type: {type: 'string', enum: ['Exact', 'PathPrefix', 'RegularExpression']}, value: {type: 'string', maxLength: 1024}}},
    headers: {
      type: 'array',
      maxItems: 16,
      items: {
        type: 'object',
        required: ['name', 'value'],
        properties: {
          name: HEADER_NAME,
          type: {type: 'string', enum: ['Exact', 'RegularExpression']},
          value: {type: 'string', pattern: '^[!-~]+([\\t ]?[!-~]+)*$', minLength: 1, maxLength: 4096},
        },
      },
    },
    queryParams: {
      type: 'array',
      maxItems: 16,
      items: {
        type: 'object',
        required: ['name', 'value'],
        properties: {name: HEADER_NAME, type: {type: 'string', enum: ['Exact', 'RegularExpression']}, value: {type: 'string', minLength: 1, maxLength: 1024}},
      },
    },
    method: {type: 'string', enum: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']},
  },
}

/** gateway.networking.k8s.io_httproutes.yaml v1 (and v1beta1). */
export const HTTP_ROUTE_SPEC: Schema = {
  type: 'object',
  properties: {
    parentRefs: PARENT_REFS,
    hostnames: hostnames(),
    rules: {
      type: 'array',
      minItems: 1,
      maxItems: 16,
      items: {
        type: 'object',
        properties: {
          name: SECTION_NAME,
          matches: {type: 'array', maxItems: 64, items: HTTP_MATCH},
          backendRefs: {type: 'array', maxItems: 16, items: BACKEND_REF},
          timeouts: {type: 'object', properties: {request: DURATION, backendRequest: DURATION}},
        },
      },
    },
  },
}

/** gateway.networking.k8s.io_grpcroutes.yaml v1. */
export const GRPC_ROUTE_SPEC: Schema = {
  type: 'object',
  properties: {
    parentRefs: PARENT_REFS,
    hostnames: hostnames(),
    rules: {
      type: 'array',
      maxItems: 16,
      items: {
        type: 'object',
        properties: {
          name: SECTION_NAME,
          matches: {
            type: 'array',
            maxItems: 64,
            items: {
              type: 'object',
              properties: {
                method: {
                  type: 'object',
                  properties: {type: {type: 'string', enum: ['Exact', 'RegularExpression']}, service: {type: 'string', maxLength: 1024}, method: {type: 'string', maxLength: 1024}},
                },
              },
            },
          },
          backendRefs: {type: 'array', maxItems: 16, items: BACKEND_REF},
        },
      },
    },
  },
}

const l4Rules = (maxItems: number): Schema => ({
  type: 'array',
  minItems: 1,
  maxItems,
  items: {type: 'object', required: ['backendRefs'], properties: {name: SECTION_NAME, backendRefs: {type: 'array', minItems: 1, maxItems: 16, items: BACKEND_REF}}},
})

/** gateway.networking.k8s.io_tlsroutes.yaml v1alpha2 (experimental channel). */
export const TLS_ROUTE_ALPHA_SPEC: Schema = {type: 'object', required: ['rules'], properties: {parentRefs: PARENT_REFS, hostnames: hostnames(), rules: l4Rules(16)}}

/** gateway.networking.k8s.io_tlsroutes.yaml v1 and v1alpha3: hostnames required, one rule. */
export const TLS_ROUTE_V1_SPEC: Schema = {
  type: 'object',
  required: ['hostnames', 'rules'],
  properties: {parentRefs: PARENT_REFS, hostnames: hostnames({minItems: 1}), rules: l4Rules(1)},
}

/** gateway.networking.k8s.io_tcproutes.yaml v1alpha2. */
export const TCP_ROUTE_SPEC: Schema = {type: 'object', required: ['rules'], properties: {parentRefs: PARENT_REFS, rules: l4Rules(16)}}

/** gateway.networking.k8s.io_referencegrants.yaml v1beta1 (and v1). */
export const REFERENCE_GRANT_SPEC: Schema = {
  type: 'object',
  required: ['from', 'to'],
  properties: {
    from: {
      type: 'array',
      minItems: 1,
      maxItems: 16,
      items: {type: 'object', required: ['group', 'kind', 'namespace'], properties: {group: GROUP, kind: KIND, namespace: NAMESPACE}},
    },
    to: {type: 'array', minItems: 1, maxItems: 16, items: {type: 'object', required: ['group', 'kind'], properties: {group: GROUP, kind: KIND, name: OBJECT_NAME}}},
  },
}

const OBJECT_REFERENCE: Schema = {type: 'object', required: ['group', 'kind', 'name'], properties: {group: GROUP, kind: KIND, name: OBJECT_NAME}}

/**
 * gateway.networking.k8s.io_backendtlspolicies.yaml v1 (and v1alpha3, the same schema). targetRefs[].kind is
 * only a pattern: the CRD names no allowed kinds (which targets an implementation reads is its own choice).
 */
export const BACKEND_TLS_POLICY_SPEC: Schema = {
  type: 'object',
  required: ['targetRefs', 'validation'],
  properties: {
    targetRefs: {type: 'array', minItems: 1, maxItems: 16, items: {...OBJECT_REFERENCE, properties: {...OBJECT_REFERENCE.properties, sectionName: SECTION_NAME}}},
    validation: {
      type: 'object',
      required: ['hostname'],
      properties: {
        caCertificateRefs: {type: 'array', maxItems: 8, items: OBJECT_REFERENCE},
        hostname: {type: 'string', pattern: DNS_SUBDOMAIN, minLength: 1, maxLength: 253},
        subjectAltNames: {
          type: 'array',
          maxItems: 5,
          items: {
            type: 'object',
            required: ['type'],
            properties: {
              type: {type: 'string', enum: ['Hostname', 'URI']},
              hostname: HOSTNAME,
              uri: {type: 'string', pattern: '^(([^:/?#]+):)(//([^/?#]*))([^?#]*)(\\?([^#]*))?(#(.*))?', minLength: 1, maxLength: 253},
            },
          },
        },
        wellKnownCACertificates: {
          type: 'string',
          pattern: '^(System|([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]))$',
          minLength: 1,
          maxLength: 253,
        },
      },
    },
    options: TLS_OPTIONS,
  },
}

/** The kinds whose CRD does not require spec (every other one's openAPIV3Schema has `required: [spec]`). */
export const SPEC_OPTIONAL = new Set(['ReferenceGrant'])

/** The served versions of each kind and the schema of each (Gateway API v1.5.1 CRDs, experimental channel). */
export const GATEWAY_API_SPECS: Record<string, Record<string, Schema>> = {
  Gateway: {v1: GATEWAY_SPEC, v1beta1: GATEWAY_SPEC},
  HTTPRoute: {v1: HTTP_ROUTE_SPEC, v1beta1: HTTP_ROUTE_SPEC},
  GRPCRoute: {v1: GRPC_ROUTE_SPEC},
  TLSRoute: {v1: TLS_ROUTE_V1_SPEC, v1alpha3: TLS_ROUTE_V1_SPEC, v1alpha2: TLS_ROUTE_ALPHA_SPEC},
  TCPRoute: {v1alpha2: TCP_ROUTE_SPEC},
  ReferenceGrant: {v1beta1: REFERENCE_GRANT_SPEC, v1: REFERENCE_GRANT_SPEC},
  BackendTLSPolicy: {v1: BACKEND_TLS_POLICY_SPEC, v1alpha3: BACKEND_TLS_POLICY_SPEC},
}
