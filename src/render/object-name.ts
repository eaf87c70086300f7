import {groupOf, kindNamed} from '../cluster/kinds.js'

/** An object as `kubectl get -o name` prints it: lower-case kind, its API group, and the name (`egress.policy.openservicemesh.io/httpbin-443`). */
export function objectName(kind: string, name: string, apiVersion?: string): string {
  const group = groupOf(apiVersion ?? kindNamed(kind)?.apiVersions[0] ?? '')
  return `${kind.toLowerCase()}${group ? '.' + group : ''}/${name}`
}
