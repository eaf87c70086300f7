/** Host-name matching as Istio does it (istio pkg/config/host/name.go). */

/** "*" matches everything; "*.example.com" matches "a.example.com" and "a.b.example.com" but not "example.com". */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true
  if (pattern.startsWith('*')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
  return pattern === host
}

/** The more specific of two hosts when one covers the other, else null (host.Name Intersection). */
export function hostIntersection(a: string, b: string): string | null {
  if (hostMatches(a, b)) return b
  if (hostMatches(b, a)) return a
  return null
}

/**
 * VirtualService and DestinationRule hosts without a dot are short names of Kubernetes Services in the
 * object's namespace (istio pilot/pkg/model/config.go ResolveShortnameToFQDN). ServiceEntry hosts are not.
 */
export function resolveShortName(host: string, namespace: string): string {
  if (host === '*' || host.includes('.')) return host
  return `${host}.${namespace}.svc.cluster.local`
}

/** "NS/host" → [NS, host]; a bare host is "*" (any namespace), as in Gateway server and Sidecar hosts. */
export function splitNamespacedHost(text: string): [namespace: string, host: string] {
  const slash = text.indexOf('/')
  return slash < 0 ? ['*', text] : [text.slice(0, slash), text.slice(slash + 1)]
}
