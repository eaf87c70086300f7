import {parse} from 'yaml'
import type {Tagged} from '../../rules/types.js'
import {defaultOrigin} from '../locate.js'
import type {PodFacts} from '../workload.js'
import {podOrigin} from './capture.js'
import type {MeshSettings} from './meshconfig.js'

const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config'

/** The proxy settings that decide which addresses a sidecar's listeners bind to. */
export interface ProxyDns {
  /** ISTIO_META_DNS_CAPTURE: the agent answers DNS for the mesh's hosts (istio pkg/model/proxy.go NodeMetadata.DNSCapture). */
  capture: Tagged<boolean>
  /** ISTIO_META_DNS_AUTO_ALLOCATE: the proxy asks for the older, hash-based auto-allocated addresses. */
  autoAllocate: Tagged<boolean>
}

/** The pod's proxy.istio.io/config proxyMetadata, when the annotation parses. */
function annotationMetadata(pod: PodFacts): Record<string, string> {
  const text = pod.annotations[PROXY_CONFIG_ANNOTATION]
  if (!text) return {}
  try {
    const value = parse(text) as {proxyMetadata?: Record<string, unknown>} | null
    return Object.fromEntries(Object.entries(value?.proxyMetadata ?? {}).map(([k, v]) => [k, String(v)]))
  } catch {
    return {}
  }
}

/**
 * A pod's proxy metadata: meshConfig.defaultConfig.proxyMetadata with the pod's proxy.istio.io/config
 * annotation over it, key by key (the agent merges the annotation's ProxyConfig onto the mesh default).
 * Both flags are off unless set to "true" (istio pilot/cmd/pilot-agent/options/options.go).
 */
export function proxyDns(pod: PodFacts, mesh: MeshSettings): ProxyDns {
  const own = annotationMetadata(pod)
  const flag = (key: string): Tagged<boolean> => {
    if (key in own) return {value: own[key].toLowerCase() === 'true', origin: podOrigin(pod, 'annotations', PROXY_CONFIG_ANNOTATION)}
    const meshValue = mesh.proxyMetadata[key]
    if (meshValue) return {value: meshValue.value.toLowerCase() === 'true', origin: meshValue.origin}
    return {value: false, origin: defaultOrigin(`${key} unset (Istio default false)`)}
  }
  return {capture: flag('ISTIO_META_DNS_CAPTURE'), autoAllocate: flag('ISTIO_META_DNS_AUTO_ALLOCATE')}
}
