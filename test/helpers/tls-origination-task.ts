import {clientPod} from './client-pod.js'

/**
 * Istio's egress TLS-origination task without its TLS part: a sleep client in an injected namespace and the
 * ServiceEntry for edition.cnn.com, port 80 (HTTP) forwarded to targetPort 443, for a BackendTLSPolicy to complete.
 */
export const TLS_ORIGINATION_TASK = `
apiVersion: v1
kind: Namespace
metadata: {name: default, labels: {istio-injection: enabled}}
---
${clientPod('default', 'sleep')}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: edition-cnn-com, namespace: default}
spec:
  hosts: [edition.cnn.com]
  ports:
  - {number: 80, name: http-port, protocol: HTTP, targetPort: 443}
  - {number: 443, name: https-port, protocol: HTTPS}
  resolution: DNS
`
