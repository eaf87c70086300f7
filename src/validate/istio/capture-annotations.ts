import {parseCidr} from '../../../sim/net/cidr.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'
import type {Path} from '../schema.js'

const RANGES = ['traffic.sidecar.istio.io/includeOutboundIPRanges', 'traffic.sidecar.istio.io/excludeOutboundIPRanges']
const PORTS = ['traffic.sidecar.istio.io/includeOutboundPorts', 'traffic.sidecar.istio.io/excludeOutboundPorts']

/**
 * Capture annotations the injector refuses (istio pkg/config/validation/agent, ValidateIncludeIPRanges…):
 * the pod would not be created. `annotationsPath` locates the template's annotations in the object.
 */
export function validateCaptureAnnotations(r: Resource, annotations: Record<string, string>, annotationsPath: Path): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const key of RANGES) {
    const items = (annotations[key] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    for (const item of items) {
      if (item === '*' && key === RANGES[1])
        out.push(diagnosticAt(r, [...annotationsPath, key], 'ISTIO_CAPTURE_EXCLUDE_WILDCARD', 'error', 'excludeOutboundIPRanges cannot be "*"'))
      else if (item !== '*' && !parseCidr(item)) out.push(diagnosticAt(r, [...annotationsPath, key], 'ISTIO_CAPTURE_BAD_CIDR', 'error', `${JSON.stringify(item)} is not a CIDR`))
    }
  }
  for (const key of PORTS) {
    for (const item of (annotations[key] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (!/^\d+$/.test(item) || Number(item) < 1 || Number(item) > 65535) {
        out.push(diagnosticAt(r, [...annotationsPath, key], 'ISTIO_CAPTURE_BAD_PORT', 'error', `${JSON.stringify(item)} is not a port`))
      }
    }
  }
  return out
}
