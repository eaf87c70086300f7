import type {Schema} from '../schema.js'
import {clusterIP, portName, portNumber, targetPort} from './native.js'

/**
 * What the API server requires of the built-in kinds the simulator reads (kubernetes pkg/apis/core/validation
 * and apps/validation), written as schemas. Defaults stand for Go's zero values: a missing port is 0, which
 * the API server reports as out of range; a missing template is empty, so its containers are missing.
 */

const string: Schema = {type: 'string'}
const strings: Schema = {type: 'array', items: string}
const stringMap: Schema = {type: 'object', additionalProperties: string}
const objectMeta: Schema = {type: 'object', properties: {labels: stringMap, annotations: stringMap}}

const containerPort: Schema = {
  type: 'object',
  properties: {
    containerPort: {type: 'integer', default: 0, invalid: portNumber},
    name: {type: 'string', invalid: portName},
    protocol: {type: 'string', enum: ['SCTP', 'TCP', 'UDP']},
  },
}

const container: Schema = {
  type: 'object',
  required: ['name', 'image'],
  properties: {name: string, image: string, command: strings, args: strings, ports: {type: 'array', items: containerPort}},
}

const nonEmpty = (items: Schema): Schema => ({type: 'array', items, minItems: 1})

export const POD_SPEC: Schema = {
  type: 'object',
  required: ['containers'],
  properties: {serviceAccountName: string, serviceAccount: string, containers: nonEmpty(container), initContainers: {type: 'array', items: container}},
}

const podTemplate: Schema = {type: 'object', properties: {metadata: objectMeta, spec: {...POD_SPEC, default: {}}}}

const labelSelector: Schema = {
  type: 'object',
  properties: {
    matchLabels: stringMap,
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {key: string, operator: {type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist']}, values: strings},
      },
    },
  },
}

/** Deployment, StatefulSet, DaemonSet and ReplicaSet share what matters here. */
export const WORKLOAD_SPEC: Schema = {
  type: 'object',
  required: ['selector'],
  properties: {selector: labelSelector, template: {...podTemplate, default: {}}},
}

/** batch/v1 Job: the selector is generated when missing. */
export const JOB_SPEC: Schema = {type: 'object', properties: {selector: labelSelector, template: {...podTemplate, default: {}}}}

export const CRON_JOB_SPEC: Schema = {
  type: 'object',
  required: ['schedule'],
  properties: {schedule: string, jobTemplate: {type: 'object', default: {}, properties: {metadata: objectMeta, spec: {...JOB_SPEC, default: {}}}}},
}

const servicePort: Schema = {
  type: 'object',
  properties: {
    name: string,
    port: {type: 'integer', default: 0, invalid: portNumber},
    targetPort: {'x-kubernetes-int-or-string': true, invalid: targetPort},
    protocol: {type: 'string', enum: ['SCTP', 'TCP', 'UDP']},
    appProtocol: string,
  },
}

const serviceProperties: Record<string, Schema> = {
  type: {type: 'string', enum: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']},
  clusterIP: {type: 'string', invalid: clusterIP},
  selector: stringMap,
  externalName: string,
  ports: {type: 'array', items: servicePort},
}

export const SERVICE_SPEC: Schema = {
  type: 'object',
  required: ['ports'],
  properties: {...serviceProperties, ports: nonEmpty(servicePort)},
}

/** type: ExternalName needs no ports, but a name to resolve. */
export const EXTERNAL_NAME_SERVICE_SPEC: Schema = {type: 'object', required: ['externalName'], properties: serviceProperties}

export const CONFIG_MAP_DATA: Schema = {type: 'object', additionalProperties: string}

/** networking.k8s.io/v1: only the types here; networkpolicy.ts checks the values of what decodes. */
export const NETWORK_POLICY_SPEC: Schema = {
  type: 'object',
  properties: {
    podSelector: labelSelector,
    policyTypes: strings,
    egress: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          to: {
            type: 'array',
            items: {
              type: 'object',
              properties: {podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock: {type: 'object', properties: {cidr: string, except: strings}}},
            },
          },
          ports: {type: 'array', items: {type: 'object', properties: {protocol: string, port: {'x-kubernetes-int-or-string': true}, endPort: {type: 'integer'}}}},
        },
      },
    },
  },
}

export {objectMeta as OBJECT_META}
