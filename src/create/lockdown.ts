import type {Manifest} from './osm.js'
import type {CreateSpec} from './spec.js'
import {EGRESS_GATEWAY, originationPort} from './istio-parts.js'

const namespace = (name: string) => ({namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': name}}})

/**
 * A NetworkPolicy that stops the pods bypassing the sidecar (istio.md §7; REGISTRY_ONLY is no firewall,
 * §9 P1). NetworkPolicy cannot select by ServiceAccount, so it selects every pod of the namespace. It lets
 * through DNS, istio-system (istiod, and the egress gateway when routing through it) and, without a
 * gateway, the asked addresses on the asked ports. It also binds the sidecar's own upstream connections.
 */
export function lockdownPolicy(spec: CreateSpec): Manifest {
  const egress: Manifest[] = [
    {
      to: [namespace('kube-system')],
      ports: [
        {protocol: 'UDP', port: 53},
        {protocol: 'TCP', port: 53},
      ],
    },
    {to: [namespace(EGRESS_GATEWAY.namespace)]},
  ]
  if (!spec.viaGateway) {
    // With TLS origination the sidecar connects to the TLS port, not the port the application used.
    const ports = new Set(spec.ports.map((p) => (spec.tlsOrigination && p.protocol === 'HTTP' ? originationPort(spec) : p.number)))
    egress.push({to: spec.ips.map((cidr) => ({ipBlock: {cidr}})), ports: [...ports].map((port) => ({protocol: 'TCP', port}))})
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {name: `${spec.name}-lockdown`, namespace: spec.namespace},
    spec: {podSelector: {}, policyTypes: ['Egress'], egress},
  }
}
