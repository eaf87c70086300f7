import type {Assumption} from '../../rules/types.js'
import {protocolFamily} from './protocol.js'
import type {Scope} from './sidecar-scope.js'

/**
 * Headless Services whose TCP or sniffed ports have no endpoint address in the input: Istio would give
 * each pod a listener of its own, but which pods there are is not known, so none are simulated.
 */
export function headlessWithoutEndpoints(scope: Scope): Assumption[] {
  return scope.services.flatMap((svc) => {
    if (!svc.endpointAddresses) return []
    const ports = svc.ports.filter((p) => ['tcp', 'tls', 'auto'].includes(protocolFamily(p.protocol)))
    if (ports.length === 0 || ports.some((p) => svc.endpointAddresses!(p).length > 0)) return []
    return [
      {
        code: 'HEADLESS_WITHOUT_ENDPOINTS',
        says: `headless Service ${svc.namespace}/${svc.name}: no EndpointSlice or Pod with status.podIP in the input, so no per-pod listeners are simulated for ports ${ports.map((p) => p.number).join(', ')}`,
      },
    ]
  })
}
