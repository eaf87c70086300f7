import type {Diagnostic} from '../model/diagnostic.js'

/**
 * How to fix the validation warnings explain reuses, for those that do not carry a hint of their own
 * (istioctl analyze prints the same kind of advice with each message).
 */
const FIXES: Record<string, string> = {
  OSM_HTTPROUTEGROUP_MISSING: 'create the HTTPRouteGroup in the Egress namespace, or fix matches[].name',
  OSM_UTS_MISSING: 'create the UpstreamTrafficSetting in the Egress namespace, or remove the match',
  OSM_PROTOCOL_UNKNOWN: 'use http, https, tcp or tcp-server-first',
  OSM_IPS_IGNORED_ON_HTTP: 'remove ipAddresses, or move the tcp/https ports that need them into their own Egress',
  OSM_OVERLAPPING_CHAINS: 'merge the policies, or make their hosts, ports or ipAddresses disjoint',
  OSM_DUPLICATE_HOST: 'list each host once per port: merge the policies, or drop the host from one of them',
  OSM_EGRESS_POLICY_DISABLED: 'set spec.featureFlags.enableEgressPolicy to true (kubectl egress create mesh-switch --enable-egress-policy=true)',
  OSM_NAMESPACE_NOT_MONITORED: 'label the namespace openservicemesh.io/monitored-by=<mesh name>, or move the Egress into a mesh namespace',
  ISTIO_VS_GATEWAY_NOT_FOUND: 'create the Gateway, or name it NAMESPACE/NAME when it lives in another namespace',
  ISTIO_VS_SUBSET_NOT_FOUND: "define the subset in a DestinationRule in the client's namespace (or the host's, or the root namespace)",
}

export function withFix(d: Diagnostic): Diagnostic {
  return d.hint || !FIXES[d.code] ? d : {...d, hint: FIXES[d.code]}
}
