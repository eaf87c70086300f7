/** YAML for a pod owner running as NAMESPACE/NAME: its ServiceAccount and a one-container Deployment. */
export function clientPod(namespace: string, name: string): string {
  return `
apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}, namespace: ${namespace}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {serviceAccountName: ${name}, containers: [{name: ${name}, image: curlimages/curl}]}
`
}
