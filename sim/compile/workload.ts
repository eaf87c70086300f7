import type {PodTemplate, WorkloadSpec} from '../../src/model/k8s.js'
import type {Resource} from '../../src/model/resource.js'
import type {ModelSet} from '../../src/model/set.js'
import type {Origin} from '../../src/model/source.js'
import {defaultOrigin, originAt} from './locate.js'
import {derived, inApiGroup, ofKind, readsOnly} from './select.js'

/** The pods that run as one ServiceAccount, as far as the input describes them. */
export interface PodFacts {
  namespace: string
  serviceAccount: string
  /** Labels and annotations of the pod (template); empty when no pod or workload was given. */
  labels: Record<string, string>
  annotations: Record<string, string>
  /** The Pod, Deployment… that describes the pod, if any. */
  workload?: Resource
  /** The Namespace object, if given. */
  namespaceObject?: Resource
  origin: Origin
}

/** A Pod or workload by kind and name (its namespace is the client's). */
export interface PodRef {
  kind: string
  name: string
}

/** Kinds that describe pods, by API group: a CRD that happens to be called "Deployment" does not. */
const POD_KINDS: Record<string, string> = {Pod: '', Deployment: 'apps', StatefulSet: 'apps', DaemonSet: 'apps', ReplicaSet: 'apps', Job: 'batch', CronJob: 'batch'}

function templateOf(r: Resource): PodTemplate | undefined {
  if (r.kind === 'Pod') return {metadata: r.raw.metadata as PodTemplate['metadata'], spec: r.spec as PodTemplate['spec']}
  if (r.kind === 'CronJob') {
    const jt = (r.spec as {jobTemplate?: {spec?: WorkloadSpec}}).jobTemplate
    return jt?.spec?.template
  }
  return (r.spec as WorkloadSpec | undefined)?.template
}

function serviceAccountOf(t: PodTemplate | undefined): string {
  return t?.spec?.serviceAccountName || t?.spec?.serviceAccount || 'default'
}

/** Every pod template in the input with its namespace and ServiceAccount. */
export function podTemplates(set: ModelSet): Array<{resource: Resource; template: PodTemplate; serviceAccount: string}> {
  return derived(
    set,
    'pod-templates',
    () => {
      const out = []
      for (const r of set.resources) {
        const group = POD_KINDS[r.kind]
        if (typeof group !== 'string' || !inApiGroup(r.apiVersion, group)) continue
        const template = templateOf(r)
        if (template) out.push({resource: r, template, serviceAccount: serviceAccountOf(template)})
      }
      return out
    },
    readsOnly(new Set(Object.keys(POD_KINDS))),
  )
}

/**
 * Finds the pod that runs as NAMESPACE/SERVICEACCOUNT: the one named by `pod` when given, else Pods before
 * workload templates, the first in input order. When nothing describes such a pod, the facts are empty and
 * the origin says so.
 */
export function findPod(set: ModelSet, namespace: string, serviceAccount: string, pod?: PodRef): PodFacts {
  const namespaceObject = ofKind(set, 'Namespace', '').find((r) => r.metadata.name === namespace)
  const matches = podTemplates(set).filter((p) => p.resource.metadata.namespace === namespace && p.serviceAccount === serviceAccount)
  const named = pod && matches.find((m) => m.resource.kind === pod.kind && m.resource.metadata.name === pod.name)
  const best = named ?? matches.find((m) => m.resource.kind === 'Pod') ?? matches[0]
  if (!best) {
    return {
      namespace,
      serviceAccount,
      labels: {},
      annotations: {},
      namespaceObject,
      origin: defaultOrigin(`no Pod or workload in the input runs as ${namespace}/${serviceAccount}; assuming one with default settings`),
    }
  }
  return {
    namespace,
    serviceAccount,
    labels: best.template.metadata?.labels ?? {},
    annotations: best.template.metadata?.annotations ?? {},
    workload: best.resource,
    namespaceObject,
    origin: originAt(best.resource),
  }
}
