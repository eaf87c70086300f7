const LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/

/** A DNS name of labels ≤63 characters, ≤255 in all (istio pkg/config/validation/agent ValidateFQDN). */
export function isDnsName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && name.split('.').every((l) => l.length <= 63 && LABEL.test(l))
}

export type HostCheck = 'ok' | 'wildcard-all' | 'partial-wildcard' | 'invalid'

/**
 * istio ValidateWildcardDomain: "*" alone, or one leading "*" followed by a DNS name. "*.example.com" is a
 * wildcard; "*example.com" is accepted too but is a partial wildcard, which matches more than it seems.
 */
export function checkHost(host: string): HostCheck {
  if (host === '*') return 'wildcard-all'
  if (host.startsWith('*.')) return isDnsName(host.slice(2)) ? 'ok' : 'invalid'
  if (host.startsWith('*')) return isDnsName(host.slice(1)) ? 'partial-wildcard' : 'invalid'
  return isDnsName(host) ? 'ok' : 'invalid'
}
