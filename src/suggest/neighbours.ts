import {flowKey, type Flow} from '../replay/flow.js'
import {pathOf, portOf} from './specs.js'

/**
 * Flows one step away from an observed one — another host (or SNI), another port, another address, and
 * with `paths` another path — that a least-privilege policy must not allow. `seen` holds the flowKeys of
 * what the same client was observed doing; a neighbour equal to one of them is dropped.
 */
export function neighbours(flow: Flow, paths: boolean, seen: ReadonlySet<string>): Flow[] {
  const port = portOf(flow)
  const otherPort = {...flow.destination, port: port < 65535 ? port + 1 : port - 1}
  const out: Flow[] = [{...flow, destination: otherPort}]
  if (flow.kind === 'http') {
    out.push({...flow, authority: `other-${flow.authority}`})
    if (paths) out.push({...flow, path: `${pathOf(flow)}-other`})
  } else if (flow.kind === 'tls') {
    out.push({...flow, sni: `other-${flow.sni}`})
  } else {
    const next = nextAddress(flow.destination.ip!)
    if (next) out.push({...flow, destination: {...flow.destination, ip: next}})
  }
  return out.filter((f) => !seen.has(flowKey(f)))
}

/** The next IPv4 address (wrapping the last octet), or undefined for anything else. */
function nextAddress(ip: string): string | undefined {
  const parts = ip.split('.').map(Number)
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined
  parts[3] = (parts[3] + 1) % 256
  return parts.join('.')
}
