import type {Capture, Origin, Tagged} from '../../rules/types.js'
import {defaultOrigin, originAt} from '../locate.js'
import type {PodFacts} from '../workload.js'
import {parseCidr} from '../../net/cidr.js'
import {VIRTUAL_OUTBOUND_PORT} from './names.js'

const ANNOTATION = {
  include: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  exclude: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  includePorts: 'traffic.sidecar.istio.io/includeOutboundPorts',
  excludePorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
}
const INJECT = 'sidecar.istio.io/inject'

export interface Injection {
  injected: boolean
  origin: Origin
  /** Set when the answer is a default the input did not state. */
  assumed?: string
}

/** Where a value of the pod template sits inside the object that describes it. */
function templatePath(pod: PodFacts, ...rest: string[]): Array<string | number> {
  const kind = pod.workload?.kind
  if (kind === 'Pod') return ['metadata', ...rest]
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'metadata', ...rest]
  return ['spec', 'template', 'metadata', ...rest]
}

function podOrigin(pod: PodFacts, ...rest: string[]): Origin {
  return pod.workload ? originAt(pod.workload, ...templatePath(pod, ...rest)) : pod.origin
}

/**
 * Whether the injector adds a sidecar (istio manifests/charts/istio-control/istio-discovery, webhook
 * namespaceSelector/objectSelector): the pod's `sidecar.istio.io/inject` label (or legacy annotation)
 * decides when set; otherwise the namespace label istio-injection=enabled (or istio.io/rev).
 */
export function injection(pod: PodFacts): Injection {
  const podSays = pod.labels[INJECT] ?? pod.annotations[INJECT]
  const ns = pod.namespaceObject
  const nsLabel = ns?.metadata.labels['istio-injection']
  if (nsLabel === 'disabled') return {injected: false, origin: originAt(ns!, 'metadata', 'labels', 'istio-injection')}
  if (podSays !== undefined) {
    const where = pod.labels[INJECT] !== undefined ? 'labels' : 'annotations'
    return {injected: podSays === 'true', origin: podOrigin(pod, where, INJECT)}
  }
  if (!ns) {
    return {
      injected: true,
      origin: defaultOrigin(`no Namespace ${pod.namespace} in the input; assuming it is labelled for sidecar injection`),
      assumed: `Namespace ${pod.namespace} not given; assumed labelled istio-injection=enabled`,
    }
  }
  if (nsLabel === 'enabled') return {injected: true, origin: originAt(ns, 'metadata', 'labels', 'istio-injection')}
  if (ns.metadata.labels['istio.io/rev']) return {injected: true, origin: originAt(ns, 'metadata', 'labels', 'istio.io/rev')}
  return {injected: false, origin: originAt(ns, 'metadata')}
}

function list(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)
}

/**
 * The iptables capture the injector sets up from the pod's annotations, with Helm defaults
 * includeIPRanges "*" and the rest empty (istio tools/istio-iptables/pkg/capture/run.go). Values that are
 * not valid CIDRs or ports are left out here; validation reports them.
 */
export function capture(pod: PodFacts): Capture {
  const tagged = <T>(key: string, parse: (s: string) => T | null): Tagged<T>[] => {
    const origin = podOrigin(pod, 'annotations', key)
    return list(pod.annotations[key]).flatMap((s) => {
      const value = parse(s)
      return value === null ? [] : [{value, origin}]
    })
  }
  const port = (s: string) => (/^\d+$/.test(s) && Number(s) > 0 && Number(s) < 65536 ? Number(s) : null)
  const cidr = (s: string) => (parseCidr(s) ? s : null)
  const include = pod.annotations[ANNOTATION.include]
  return {
    redirectPort: VIRTUAL_OUTBOUND_PORT,
    excludePorts: tagged(ANNOTATION.excludePorts, port),
    excludeCidrs: tagged(ANNOTATION.exclude, cidr),
    includePorts: tagged(ANNOTATION.includePorts, port),
    includeCidrs: include === undefined || list(include).includes('*') ? '*' : tagged(ANNOTATION.include, cidr),
    // The pod template is where capture is configured, so "not captured" is explained by it.
    origin: pod.workload ? originAt(pod.workload) : pod.origin,
  }
}
