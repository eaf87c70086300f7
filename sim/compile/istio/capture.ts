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
/** pkg/kube/inject/initializer.go IgnoredNamespaces: injectRequired skips them whatever their labels say. */
const IGNORED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']

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

/** Where a value of the pod (template) metadata is written, e.g. podOrigin(pod, 'annotations', KEY). */
export function podOrigin(pod: PodFacts, ...rest: string[]): Origin {
  return pod.workload ? originAt(pod.workload, ...templatePath(pod, ...rest)) : pod.origin
}

/**
 * Whether the injector adds a sidecar. Two layers decide (istio 1.31):
 * the webhooks' selectors (manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml) —
 * a namespace labelled istio-injection=enabled, or istio.io/rev with no istio-injection label, or, in a
 * namespace with neither label, a pod labelled sidecar.istio.io/inject=true or istio.io/rev; every webhook
 * skips pods labelled sidecar.istio.io/inject=false — then pkg/kube/inject/inject.go injectRequired on
 * the pods the webhook sees: the label (else the legacy annotation) "false" skips it. So the annotation
 * alone never injects, and istio-injection with any value but "enabled" turns injection off.
 * The revision named by istio.io/rev is assumed installed.
 */
export function injection(pod: PodFacts): Injection {
  if (IGNORED_NAMESPACES.includes(pod.namespace)) return {injected: false, origin: defaultOrigin(`istiod never injects pods in ${pod.namespace}`)}
  const ns = pod.namespaceObject
  const nsLabel = (key: string) => ns?.metadata.labels[key]
  const label = pod.labels[INJECT]
  const podSays = label ?? pod.annotations[INJECT]
  const podSaysAt = () => podOrigin(pod, label !== undefined ? 'labels' : 'annotations', INJECT)
  const nsAt = (key: string) => originAt(ns!, 'metadata', 'labels', key)
  if (label === 'false') return {injected: false, origin: podSaysAt()}
  // A pod the webhook sees: injectRequired honours "false" from the label or the annotation.
  const selected = (origin: Origin): Injection => (podSays === 'false' ? {injected: false, origin: podSaysAt()} : {injected: true, origin})
  if (!ns) {
    if (podSays === 'false') return {injected: false, origin: podSaysAt()}
    return {
      injected: true,
      origin: defaultOrigin(`no Namespace ${pod.namespace} in the input; assuming it is labelled for sidecar injection`),
      assumed: `Namespace ${pod.namespace} not given; assumed labelled istio-injection=enabled`,
    }
  }
  if (nsLabel('istio-injection') !== undefined) {
    return nsLabel('istio-injection') === 'enabled' ? selected(nsAt('istio-injection')) : {injected: false, origin: nsAt('istio-injection')}
  }
  if (nsLabel('istio.io/rev') !== undefined) return selected(nsAt('istio.io/rev'))
  if (label === 'true') return {injected: true, origin: podOrigin(pod, 'labels', INJECT)}
  if (pod.labels['istio.io/rev'] !== undefined) return selected(podOrigin(pod, 'labels', 'istio.io/rev'))
  return {injected: false, origin: originAt(ns, 'metadata')}
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
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
    // A destination outside the included ranges is left alone because of the annotation.
    ...(include !== undefined ? {includeOrigin: podOrigin(pod, 'annotations', ANNOTATION.include)} : {}),
    // The pod template is where capture is configured, so "not captured" is explained by it.
    origin: pod.workload ? originAt(pod.workload) : pod.origin,
  }
}
