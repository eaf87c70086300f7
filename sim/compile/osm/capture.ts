import type {Capture, Origin, Tagged} from '../../rules/types.js'
import {originAt} from '../locate.js'
import type {PodFacts} from '../workload.js'
import {OUTBOUND_IP_EXCLUSION_ANNOTATION, OUTBOUND_IP_INCLUSION_ANNOTATION, OUTBOUND_PORT_EXCLUSION_ANNOTATION} from './api.js'
import type {MeshSettings} from './meshconfig.js'
import {OUTBOUND_REDIRECT_PORT} from './names.js'
import {podAnnotationPath} from './pod-annotations.js'

/**
 * pkg/injector/iptables.go and exclusions.go: all outbound TCP is redirected to 15001 except excluded
 * ports and CIDRs; an inclusion list restricts redirection to those CIDRs. The MeshConfig lists and the
 * pod's annotations are merged.
 */
export function outboundCapture(pod: PodFacts, settings: MeshSettings, origin: Origin): Capture {
  const onPod = annotationList(pod, OUTBOUND_IP_INCLUSION_ANNOTATION, String)
  const inclusions = [...settings.outboundIPRangeInclusionList, ...onPod]
  // A destination outside the included ranges is left alone because of the list, not of the sidecar.
  const includeOrigin = settings.inclusionListOrigin ?? onPod[0]?.origin
  return {
    redirectPort: OUTBOUND_REDIRECT_PORT,
    excludePorts: [...settings.outboundPortExclusionList, ...annotationList(pod, OUTBOUND_PORT_EXCLUSION_ANNOTATION, Number)],
    excludeCidrs: [...settings.outboundIPRangeExclusionList, ...annotationList(pod, OUTBOUND_IP_EXCLUSION_ANNOTATION, String)],
    includePorts: [],
    includeCidrs: inclusions.length > 0 ? inclusions : '*',
    ...(includeOrigin ? {includeOrigin} : {}),
    origin,
  }
}

/** A comma-separated annotation; entries that do not parse are left out. */
function annotationList<T extends string | number>(pod: PodFacts, key: string, parse: (s: string) => T): Tagged<T>[] {
  const text = pod.annotations[key]
  if (text === undefined || !pod.workload) return []
  const origin = originAt(pod.workload, ...podAnnotationPath(pod.workload, key))
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => ({value: parse(s), origin}))
    .filter((t) => typeof t.value === 'string' || Number.isInteger(t.value))
}
