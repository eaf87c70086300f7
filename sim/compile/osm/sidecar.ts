import type {ModelSet} from '../../../src/model/set.js'
import type {Assumption, Origin} from '../../rules/types.js'
import {originAt} from '../locate.js'
import type {PodFacts} from '../workload.js'
import {SIDECAR_INJECTION_ANNOTATION} from './api.js'
import {meshMembership} from './namespaces.js'
import {podAnnotationPath} from './pod-annotations.js'

/**
 * pkg/injector/webhook.go mustInject: only in monitored namespaces; the pod's annotation decides, else the
 * namespace's. With neither object in the input the pod is assumed injected (that is what is being traced).
 */
export function hasSidecar(set: ModelSet, pod: PodFacts, assumptions: Assumption[]): {injected: boolean; origin: Origin} {
  const membership = meshMembership(set, pod.namespace, assumptions)
  if (!membership.monitored) return {injected: false, origin: membership.origin}
  const onPod = pod.annotations[SIDECAR_INJECTION_ANNOTATION]
  if (onPod !== undefined && pod.workload) {
    return {injected: enabled(onPod), origin: originAt(pod.workload, ...podAnnotationPath(pod.workload, SIDECAR_INJECTION_ANNOTATION))}
  }
  const ns = pod.namespaceObject
  const onNamespace = ns?.metadata.annotations[SIDECAR_INJECTION_ANNOTATION]
  if (ns && onNamespace !== undefined) {
    return {injected: enabled(onNamespace), origin: originAt(ns, 'metadata', 'annotations', SIDECAR_INJECTION_ANNOTATION)}
  }
  if (ns) return {injected: false, origin: originAt(ns, 'metadata')}
  assumptions.push({code: 'SIDECAR_ASSUMED', says: `assuming pods of ${pod.namespace}/${pod.serviceAccount} have the OSM sidecar`})
  return {injected: true, origin: membership.origin}
}

/** pkg/injector/webhook.go isAnnotatedForInjection. */
function enabled(value: string): boolean {
  return ['enabled', 'yes', 'true'].includes(value.toLowerCase())
}
