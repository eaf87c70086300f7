/** An HTTPRouteGroup with one pathRegex and the Egress that uses it for curl/curl → httpbin.org:80 (OSM). */
export function osmPathRegexPolicy(pathRegex: string): string {
  return `apiVersion: specs.smi-spec.io/v1alpha4
kind: HTTPRouteGroup
metadata: {name: routes, namespace: curl}
spec:
  matches:
  - name: api
    pathRegex: ${JSON.stringify(pathRegex)}
---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: httpbin-80, namespace: curl}
spec:
  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
  hosts: [httpbin.org]
  ports: [{number: 80, protocol: http}]
  matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: routes}]
`
}
