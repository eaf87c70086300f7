import type {MeshTable, Unapplied} from '../../sim/rules/types.js'
import type {Diagnostic} from '../model/diagnostic.js'
import {findingAt} from './finding.js'
import type {Sentence} from './types.js'

/**
 * What the ambient compiler found does not act on this client, at the line that was written: REGISTRY_ONLY
 * when a traced request to a destination no policy names is indeed let through (ztunnel does not enforce
 * it), and each use-waypoint label istiod binds to no waypoint, with the reason its status would give.
 */
export function ambientFindings(table: MeshTable, otherwise: readonly Sentence[]): Diagnostic[] {
  const leaks = otherwise.filter((s) => s.outcome?.verdict === 'allow')
  return (table.unapplied ?? [])
    .filter((u) => u.code.startsWith('AMBIENT_'))
    .flatMap((u) => {
      if (u.code === 'AMBIENT_REGISTRY_ONLY_NOT_ENFORCED') {
        if (leaks.length === 0) return []
        const what = leaks[0].request ?? `${leaks[0].what.protocol} to another host`
        const d = findingAt(
          u.origin,
          u.code,
          `${u.says}: \`${what}\` from ${table.client.id} is allowed`,
          `add a NetworkPolicy in ${table.client.namespace} that allows egress only to kube-system DNS and to the egress waypoint's pods on port 15008, and send the external hosts you allow through that waypoint (ServiceEntries with istio.io/use-waypoint, an AuthorizationPolicy on it)`,
        )
        return d ? [d] : []
      }
      const d = findingAt(u.origin, u.code, u.says, waypointFix(u))
      return d ? [d] : []
    })
}

function waypointFix(u: Unapplied): string {
  const [namespace, name] = (u.waypoint ?? '/').split('/')
  if (u.reason === 'AttachmentDenied')
    return `on waypoint ${u.waypoint}, let the HBONE listener's allowedRoutes.namespaces admit the ServiceEntry's namespace (from: All, or a Selector), or use a waypoint in that namespace`
  if (u.reason === 'UnsupportedTrafficType') return `label the waypoint ${u.waypoint} istio.io/waypoint-for=service (or all)`
  return `create the waypoint (istioctl waypoint apply -n ${namespace} --name ${name}: a Gateway of class istio-waypoint with an HBONE listener on 15008), or fix the label`
}
