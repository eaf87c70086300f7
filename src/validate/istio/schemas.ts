import type {Schema} from '../schema.js'

/**
 * Our own minimal copies of the Istio networking CRDs' structural schemas (networking.istio.io, identical in
 * v1alpha3/v1beta1/v1), limited to the fields the simulator reads. test/istio/crd-schema.test.ts checks every
 * constraint here against the upstream CRDs.
 */

const string: Schema = {type: 'string'}
const strings: Schema = {type: 'array', items: string}
const boolean: Schema = {type: 'boolean'}
const uint32: Schema = {type: 'integer', minimum: 0, maximum: 4294967295}
const int32: Schema = {type: 'integer'}
const labels: Schema = {type: 'object', additionalProperties: string}
const portSelector: Schema = {type: 'object', properties: {number: uint32}}
const l4Port: Schema = {type: 'object', properties: {name: string, number: uint32, protocol: string, targetPort: uint32}}

/** networking-crds.yaml ServiceEntry. */
export const SERVICE_ENTRY_SPEC: Schema = {
  type: 'object',
  required: ['hosts'],
  properties: {
    hosts: {...strings, minItems: 1},
    addresses: strings,
    ports: {
      type: 'array',
      items: {type: 'object', required: ['number', 'name'], properties: {name: string, number: uint32, protocol: string, targetPort: uint32}},
    },
    location: {type: 'string', enum: ['MESH_EXTERNAL', 'MESH_INTERNAL']},
    resolution: {type: 'string', enum: ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS']},
    endpoints: {
      type: 'array',
      items: {type: 'object', properties: {address: string, labels, ports: {type: 'object', additionalProperties: uint32}, network: string, weight: uint32}},
    },
    workloadSelector: {type: 'object', properties: {labels}},
    exportTo: strings,
    subjectAltNames: strings,
  },
}

const stringMatch: Schema = {type: 'object', properties: {exact: string, prefix: string, regex: string}}
const destination: Schema = {type: 'object', required: ['host'], properties: {host: string, subset: string, port: portSelector}}
const routes: Schema = {type: 'array', items: {type: 'object', required: ['destination'], properties: {destination, weight: int32}}}
const l4Match: Record<string, Schema> = {
  destinationSubnets: strings,
  gateways: strings,
  port: uint32,
  sourceLabels: labels,
  sourceNamespace: string,
}

/** networking-crds.yaml VirtualService. */
export const VIRTUAL_SERVICE_SPEC: Schema = {
  type: 'object',
  properties: {
    hosts: strings,
    gateways: strings,
    exportTo: strings,
    http: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: string,
          match: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: string,
                uri: stringMatch,
                scheme: stringMatch,
                method: stringMatch,
                authority: stringMatch,
                headers: {type: 'object', additionalProperties: {type: 'object'}},
                withoutHeaders: {type: 'object', additionalProperties: {type: 'object'}},
                queryParams: {type: 'object', additionalProperties: {type: 'object'}},
                ignoreUriCase: boolean,
                port: uint32,
                sourceLabels: labels,
                sourceNamespace: string,
                gateways: strings,
              },
            },
          },
          route: routes,
          redirect: {type: 'object', properties: {uri: string, authority: string, scheme: string, port: uint32}},
          directResponse: {type: 'object', required: ['status'], properties: {status: uint32}},
          timeout: string,
          fault: {type: 'object', properties: {abort: {type: 'object', properties: {httpStatus: int32}}}},
        },
      },
    },
    tls: {
      type: 'array',
      items: {
        type: 'object',
        required: ['match'],
        properties: {
          match: {type: 'array', items: {type: 'object', required: ['sniHosts'], properties: {...l4Match, sniHosts: strings}}},
          route: routes,
        },
      },
    },
    tcp: {
      type: 'array',
      items: {type: 'object', properties: {match: {type: 'array', items: {type: 'object', properties: l4Match}}, route: routes}},
    },
  },
}

const clientTls: Schema = {type: 'object', properties: {mode: {type: 'string', enum: ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']}, sni: string}}
const trafficPolicy: Schema = {
  type: 'object',
  properties: {
    tls: clientTls,
    portLevelSettings: {type: 'array', items: {type: 'object', properties: {port: portSelector, tls: clientTls}}},
  },
}

/** networking-crds.yaml DestinationRule. */
export const DESTINATION_RULE_SPEC: Schema = {
  type: 'object',
  required: ['host'],
  properties: {
    host: string,
    trafficPolicy,
    subsets: {type: 'array', items: {type: 'object', required: ['name'], properties: {name: string, labels, trafficPolicy}}},
    exportTo: strings,
  },
}

/** networking-crds.yaml Gateway. */
export const GATEWAY_SPEC: Schema = {
  type: 'object',
  properties: {
    selector: labels,
    servers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['port', 'hosts'],
        properties: {
          port: {...l4Port, required: ['number', 'protocol', 'name']},
          hosts: strings,
          tls: {
            type: 'object',
            properties: {
              mode: {type: 'string', enum: ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL']},
              httpsRedirect: boolean,
            },
          },
          name: string,
        },
      },
    },
  },
}

/** networking-crds.yaml Sidecar. */
export const SIDECAR_SPEC: Schema = {
  type: 'object',
  properties: {
    workloadSelector: {type: 'object', properties: {labels}},
    egress: {
      type: 'array',
      items: {
        type: 'object',
        required: ['hosts'],
        properties: {port: l4Port, bind: string, captureMode: {type: 'string', enum: ['DEFAULT', 'IPTABLES', 'NONE']}, hosts: strings},
      },
    },
    outboundTrafficPolicy: {type: 'object', properties: {mode: {type: 'string', enum: ['REGISTRY_ONLY', 'ALLOW_ANY']}}},
  },
}

export const ISTIO_SPECS: Record<string, Schema> = {
  ServiceEntry: SERVICE_ENTRY_SPEC,
  VirtualService: VIRTUAL_SERVICE_SPEC,
  DestinationRule: DESTINATION_RULE_SPEC,
  Gateway: GATEWAY_SPEC,
  Sidecar: SIDECAR_SPEC,
}
