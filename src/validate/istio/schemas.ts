import type {CelRule, Schema} from '../schema.js'

/**
 * Our own copies of the Istio networking CRDs' structural schemas (networking.istio.io, identical in
 * v1alpha3/v1beta1/v1): every field the simulator or the ported webhook reads, with its type and bounds, and
 * the CEL rules (x-kubernetes-validations) the API server evaluates on them. test/istio/crd-schema.test.ts
 * checks every constraint and every rule here against the upstream CRDs, and that no upstream rule is missing.
 *
 * CEL rules first appear in the networking CRDs in 1.23; `since` marks those added later, `until` those removed.
 */

const string: Schema = {type: 'string'}
const strings: Schema = {type: 'array', items: string}
const boolean: Schema = {type: 'boolean'}
const integer: Schema = {type: 'integer'}
const number: Schema = {type: 'number'}
const uint32: Schema = {type: 'integer', minimum: 0, maximum: 4294967295}
const labels: Schema = {type: 'object', additionalProperties: string}
const stringMap: Schema = labels
const portSelector: Schema = {type: 'object', properties: {number: uint32}}
const percent: Schema = {type: 'object', properties: {value: number}}

const rule = (r: string, message: string, extra: Partial<CelRule> = {}): CelRule => ({rule: r, message, ...extra})
/** Durations as Go writes them ("1m30s"), at least one millisecond. */
const DURATION = rule("duration(self) >= duration('1ms')", 'must be a valid duration greater than 1ms')
const duration: Schema = {type: 'string', 'x-kubernetes-validations': [DURATION]}
const enumOf = (...values: string[]): Schema => ({type: 'string', enum: values})
/**
 * A workload selector's labels: no wildcards, at most 256 (ServiceEntry and Sidecar, since 1.24). The
 * releases that brought each maxProperties (`countSince`) are those of istio/api's
 * kubernetes/customresourcedefinitions.gen.yaml: none at tag 1.22.0, endpoints' and DestinationRule's at 1.23.0,
 * the selectors' at 1.24.0.
 */
const selectorLabels: Schema = {
  type: 'object',
  maxProperties: 256,
  countSince: '1.24',
  additionalProperties: {type: 'string', 'x-kubernetes-validations': [rule('!self.contains("*")', 'wildcard is not supported in selector', {since: '1.24'})]},
}
const workloadSelector: Schema = {type: 'object', properties: {labels: selectorLabels}}

// ---------------------------------------------------------------- ServiceEntry

const PORT_RANGE = rule('0 < self && self <= 65535', 'port must be between 1-65535', {since: '1.24'})
const sePort: Schema = {...uint32, 'x-kubernetes-validations': [PORT_RANGE]}

/** networking-crds.yaml ServiceEntry. */
export const SERVICE_ENTRY_SPEC: Schema = {
  type: 'object',
  required: ['hosts'],
  'x-kubernetes-validations': [
    rule('(has(self.workloadSelector) ? 1 : 0) + (has(self.endpoints) ? 1 : 0) <= 1', 'only one of WorkloadSelector or Endpoints can be set', {since: '1.24'}),
    rule(
      '!((has(self.addresses) ? self.addresses : []).exists(k, k.contains("/")) && !((has(self.resolution) ? self.resolution : "NONE") in ["STATIC", "NONE"]))',
      'CIDR addresses are allowed only for NONE/STATIC resolution types',
      {since: '1.24'},
    ),
    rule('((has(self.resolution) ? self.resolution : "NONE") == "NONE") ? !has(self.endpoints) : true', 'NONE mode cannot set endpoints', {since: '1.24'}),
    rule(
      '((has(self.resolution) ? self.resolution : "") == "DNS_ROUND_ROBIN") ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true',
      'DNS_ROUND_ROBIN mode cannot have multiple endpoints',
      {since: '1.24'},
    ),
  ],
  properties: {
    hosts: {type: 'array', minItems: 1, items: {type: 'string', 'x-kubernetes-validations': [rule('self != "*"', 'hostname cannot be wildcard', {since: '1.24'})]}},
    addresses: strings,
    ports: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-validations': [rule('self.all(l1, self.exists_one(l2, l1.number == l2.number))', 'port number cannot be duplicated', {since: '1.24'})],
      items: {type: 'object', required: ['number', 'name'], properties: {name: string, number: sePort, protocol: string, targetPort: sePort}},
    },
    location: enumOf('MESH_EXTERNAL', 'MESH_INTERNAL'),
    resolution: enumOf('NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS'),
    endpoints: {
      type: 'array',
      items: {
        type: 'object',
        'x-kubernetes-validations': [
          rule('has(self.address) || has(self.network)', 'Address is required'),
          rule('(has(self.address) ? self.address : "").startsWith("unix://") ? !has(self.ports) : true', 'UDS may not include ports'),
        ],
        properties: {
          address: {
            type: 'string',
            'x-kubernetes-validations': [
              rule('self.startsWith("unix://") ? (self.substring(7, 8) == "/" || self.substring(7, 8) == "@") : true', 'UDS must be an absolute path or abstract socket'),
              rule('self.startsWith("unix://") ? !self.endsWith("/") : true', 'UDS may not be a dir'),
            ],
          },
          labels: {...labels, maxProperties: 256, countSince: '1.23'},
          ports: {
            type: 'object',
            maxProperties: 128,
            countSince: '1.23',
            'x-kubernetes-validations': [rule('self.all(key, size(key) < 63 && key.matches("^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$"))', 'port name must be valid')],
            additionalProperties: {...uint32, 'x-kubernetes-validations': [rule('0 < self && self <= 65535', 'port must be between 1-65535')]},
          },
          network: string,
          weight: uint32,
        },
      },
    },
    workloadSelector,
    exportTo: strings,
    subjectAltNames: strings,
  },
}

// ---------------------------------------------------------------- VirtualService

const stringMatch: Schema = {type: 'object', 'x-one-of-fields': ['exact', 'prefix', 'regex'], properties: {exact: string, prefix: string, regex: string}}
const stringMatches: Schema = {type: 'object', additionalProperties: stringMatch}
const destination: Schema = {type: 'object', required: ['host'], properties: {host: string, subset: string, port: portSelector}}
const headerOperations: Schema = {type: 'object', properties: {add: stringMap, set: stringMap, remove: strings}}
const headers: Schema = {type: 'object', properties: {request: headerOperations, response: headerOperations}}
const l4Match: Record<string, Schema> = {destinationSubnets: strings, gateways: strings, port: uint32, sourceLabels: labels, sourceNamespace: string}
const routes = (withHeaders: boolean): Schema => ({
  type: 'array',
  items: {type: 'object', required: ['destination'], properties: {destination, weight: integer, ...(withHeaders ? {headers} : {})}},
})

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
                headers: stringMatches,
                withoutHeaders: stringMatches,
                queryParams: stringMatches,
                ignoreUriCase: boolean,
                port: uint32,
                sourceLabels: labels,
                sourceNamespace: string,
                gateways: strings,
              },
            },
          },
          route: routes(true),
          redirect: {
            type: 'object',
            'x-one-of-fields': ['port', 'derivePort'],
            properties: {
              uri: string,
              prefixRewrite: string,
              authority: string,
              scheme: string,
              port: uint32,
              derivePort: enumOf('FROM_PROTOCOL_DEFAULT', 'FROM_REQUEST_PORT'),
              redirectCode: uint32,
            },
          },
          directResponse: {
            type: 'object',
            required: ['status'],
            properties: {status: uint32, body: {type: 'object', 'x-one-of-fields': ['string', 'bytes'], properties: {string, bytes: string}}},
          },
          delegate: {type: 'object', properties: {name: string, namespace: string}},
          rewrite: {type: 'object', properties: {uri: string, authority: string, uriRegexRewrite: {type: 'object', properties: {match: string, rewrite: string}}}},
          timeout: duration,
          retries: {
            type: 'object',
            properties: {
              attempts: integer,
              perTryTimeout: duration,
              retryOn: string,
              retryRemoteLocalities: boolean,
              backoff: {...duration, 'x-kubernetes-validations': [{...DURATION, since: '1.26'}]},
            },
          },
          fault: {
            type: 'object',
            properties: {
              delay: {
                type: 'object',
                'x-one-of-fields': ['fixedDelay', 'exponentialDelay'],
                properties: {fixedDelay: duration, exponentialDelay: duration, percent: integer, percentage: percent},
              },
              abort: {
                type: 'object',
                'x-one-of-fields': ['httpStatus', 'grpcStatus', 'http2Error'],
                properties: {httpStatus: integer, grpcStatus: string, http2Error: string, percentage: percent},
              },
            },
          },
          mirror: destination,
          mirrors: {type: 'array', items: {type: 'object', required: ['destination'], properties: {destination, percentage: percent}}},
          mirrorPercent: uint32,
          mirrorPercentage: percent,
          corsPolicy: {
            type: 'object',
            properties: {
              allowOrigins: {type: 'array', items: stringMatch},
              allowMethods: strings,
              allowHeaders: strings,
              exposeHeaders: strings,
              maxAge: duration,
            },
          },
          headers,
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
          route: routes(false),
        },
      },
    },
    tcp: {
      type: 'array',
      items: {type: 'object', properties: {match: {type: 'array', items: {type: 'object', properties: l4Match}}, route: routes(false)}},
    },
  },
}

// ---------------------------------------------------------------- DestinationRule

/** Shared by DestinationRule traffic policies and Sidecar inbound pools. */
const connectionPool: Schema = {
  type: 'object',
  properties: {
    http: {
      type: 'object',
      properties: {
        http1MaxPendingRequests: integer,
        http2MaxRequests: integer,
        maxRequestsPerConnection: integer,
        maxRetries: integer,
        maxConcurrentStreams: integer,
        idleTimeout: duration,
        h2UpgradePolicy: enumOf('DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE'),
        useClientProtocol: boolean,
        http2KeepAlive: {type: 'object', properties: {interval: duration, timeout: duration}},
      },
    },
    tcp: {
      type: 'object',
      properties: {
        maxConnections: integer,
        connectTimeout: duration,
        maxConnectionDuration: duration,
        // The rule was dropped in 1.26, when "0s" came to mean "no idle timeout".
        idleTimeout: {type: 'string', 'x-kubernetes-validations': [{...DURATION, until: '1.25'}]},
        tcpKeepalive: {type: 'object', properties: {time: duration, interval: duration}},
      },
    },
  },
}

const clientTls: Schema = {
  type: 'object',
  properties: {
    mode: enumOf('DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'),
    sni: string,
    credentialName: string,
    clientCertificate: string,
    privateKey: string,
    caCertificates: string,
    caCrl: string,
    subjectAltNames: strings,
    insecureSkipVerify: boolean,
  },
}

const loadBalancer: Schema = {
  type: 'object',
  'x-one-of-fields': ['simple', 'consistentHash', 'backendUtilization'],
  properties: {
    backendUtilization: {type: 'object'},
    simple: enumOf('UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'),
    consistentHash: {
      type: 'object',
      'x-all-of-one-of-fields': [
        ['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName'],
        ['ringHash', 'maglev'],
      ],
      properties: {
        httpHeaderName: string,
        httpQueryParameterName: string,
        useSourceIp: boolean,
        httpCookie: {
          type: 'object',
          required: ['name'],
          properties: {name: string, attributes: {type: 'array', items: {type: 'object', required: ['name'], properties: {name: string, value: string}}}},
        },
        minimumRingSize: {type: 'integer', minimum: 0},
        maglev: {type: 'object', properties: {tableSize: {type: 'integer', minimum: 0}}},
        ringHash: {type: 'object', properties: {minimumRingSize: {type: 'integer', minimum: 0}}},
      },
    },
    localityLbSetting: {
      type: 'object',
      properties: {
        distribute: {type: 'array', items: {type: 'object', properties: {from: string, to: {type: 'object', additionalProperties: uint32}}}},
        failover: {type: 'array', items: {type: 'object', properties: {from: string, to: string}}},
        failoverPriority: strings,
      },
    },
    warmupDurationSecs: duration,
    zoneAwareLbSetting: {
      type: 'object',
      properties: {
        failover: {type: 'array', items: {type: 'object', properties: {from: string, to: string}}},
        failoverPriority: strings,
        minClusterSize: {type: 'integer', minimum: 1, maximum: 4294967295},
      },
    },
    warmup: {
      type: 'object',
      required: ['duration'],
      properties: {duration, minimumPercent: {type: 'number', minimum: 0, maximum: 100}, aggression: {type: 'number', minimum: 0}},
    },
  },
}

const outlierDetection: Schema = {
  type: 'object',
  properties: {
    baseEjectionTime: duration,
    interval: duration,
    consecutiveErrors: integer,
    consecutiveLocalOriginFailures: uint32,
    splitExternalLocalOriginErrors: boolean,
    maxEjectionPercent: integer,
    minHealthPercent: integer,
  },
}

const portTrafficPolicy: Schema = {type: 'object', properties: {port: portSelector, connectionPool, loadBalancer, outlierDetection, tls: clientTls}}

const trafficPolicy: Schema = {
  type: 'object',
  properties: {
    connectionPool,
    loadBalancer,
    outlierDetection,
    tls: clientTls,
    portLevelSettings: {type: 'array', items: portTrafficPolicy},
    tunnel: {type: 'object', required: ['targetHost', 'targetPort'], properties: {protocol: string, targetHost: string, targetPort: uint32}},
    proxyProtocol: {type: 'object', properties: {version: enumOf('V1', 'V2')}},
    retryBudget: {type: 'object', properties: {percent: {type: 'number', minimum: 0, maximum: 100}}},
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
    workloadSelector: {
      type: 'object',
      properties: {
        matchLabels: {
          type: 'object',
          maxProperties: 4096,
          countSince: '1.23',
          'x-kubernetes-validations': [
            rule('self.all(key, !key.contains("*"))', 'wildcard not allowed in label key match'),
            rule('self.all(key, key.size() != 0)', 'key must not be empty'),
          ],
          additionalProperties: {type: 'string', 'x-kubernetes-validations': [rule('!self.contains("*")', 'wildcard not allowed in label value match')]},
        },
      },
    },
  },
}

// ---------------------------------------------------------------- Gateway and Sidecar

/** Server TLS settings, shared by Gateway servers and Sidecar ingress listeners (rules since 1.27, with the fields). */
const serverTls: Schema = {
  type: 'object',
  'x-kubernetes-validations': [
    rule('(has(self.tlsCertificates) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1', 'only one of credentialNames or tlsCertificates can be set', {since: '1.27'}),
    rule('(has(self.credentialName) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1', 'only one of credentialName or credentialNames can be set', {since: '1.27'}),
    rule('(has(self.credentialNames) ? 1 : 0) + (has(self.tlsCertificates) ? 1 : 0) <= 1', 'only one of credentialName or tlsCertificates can be set', {since: '1.27'}),
  ],
  properties: {
    mode: enumOf('PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL'),
    httpsRedirect: boolean,
    serverCertificate: string,
    privateKey: string,
    caCertificates: string,
    caCrl: string,
    credentialName: string,
    credentialNames: {type: 'array', minItems: 1, items: string},
    tlsCertificates: {type: 'array', minItems: 1, items: {type: 'object', properties: {serverCertificate: string, privateKey: string, caCertificates: string}}},
    subjectAltNames: strings,
    cipherSuites: strings,
    minProtocolVersion: enumOf('TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'),
  },
}
const serverPort: Schema = {type: 'object', properties: {name: string, number: uint32, protocol: string, targetPort: uint32}}

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
        properties: {port: {...serverPort, required: ['number', 'protocol', 'name']}, hosts: strings, bind: string, tls: serverTls, name: string},
      },
    },
  },
}

/** networking-crds.yaml Sidecar. */
export const SIDECAR_SPEC: Schema = {
  type: 'object',
  properties: {
    workloadSelector,
    ingress: {
      type: 'array',
      items: {type: 'object', required: ['port'], properties: {port: serverPort, bind: string, defaultEndpoint: string, tls: serverTls, connectionPool}},
    },
    egress: {
      type: 'array',
      items: {type: 'object', required: ['hosts'], properties: {port: serverPort, bind: string, captureMode: enumOf('DEFAULT', 'IPTABLES', 'NONE'), hosts: strings}},
    },
    inboundConnectionPool: connectionPool,
    outboundTrafficPolicy: {
      type: 'object',
      properties: {mode: enumOf('REGISTRY_ONLY', 'ALLOW_ANY'), egressProxy: {type: 'object', required: ['host'], properties: {host: string, subset: string, port: portSelector}}},
    },
  },
}

/** The object-level `required` of each CRD (only ServiceEntry requires a spec). */
export const ISTIO_REQUIRED_TOP: Record<string, string[]> = {ServiceEntry: ['spec']}

export const ISTIO_SPECS: Record<string, Schema> = {
  ServiceEntry: SERVICE_ENTRY_SPEC,
  VirtualService: VIRTUAL_SERVICE_SPEC,
  DestinationRule: DESTINATION_RULE_SPEC,
  Gateway: GATEWAY_SPEC,
  Sidecar: SIDECAR_SPEC,
}
