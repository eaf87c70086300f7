import {parseGoDuration} from '../../../sim/compile/istio/duration.js'
import {parseProtocol} from '../../../sim/compile/istio/protocol.js'
import type {Path} from '../schema.js'
import {isDns1123Label, q} from './hostname.js'
import type {Report} from './report.js'

/**
 * Field checks shared by istiod's validation of every kind (istio pkg/config/validation/validation.go and
 * agent/validation.go, 1.30; earlier releases noted where they differ). Messages are upstream's.
 */

/** agent.ValidatePort. */
export function portProblem(port: number): string | null {
  return port >= 1 && port <= 65535 ? null : `port number ${port} must be in the range 1..65535`
}

/** ValidatePortName. */
export function portNameProblem(name: string): string | null {
  return isDns1123Label(name) ? null : `invalid port name: ${name}`
}

/** ValidateProtocol: "" asks for sniffing; anything protocol.Parse does not know is refused. */
export function protocolProblem(protocol: string | undefined): string | null {
  return protocol !== undefined && parseProtocol(protocol) === null ? `unsupported protocol: ${protocol}` : null
}

const MS = 1_000_000n

/** agent.ValidateDuration, on the Go duration text istiod decodes. */
export function durationProblem(text: string): string | null {
  const nanos = parseGoDuration(text)
  if (nanos === null) return `time: invalid duration ${q(text)}`
  if (nanos < MS) return 'duration must be greater than 1ms'
  if (nanos % MS !== 0n) return 'only durations to ms precision are supported'
  return null
}

/** ValidatePercent. */
export function percentProblem(value: number): string | null {
  return value < 0 || value > 100 ? `percentage ${value} is not in range 0..100` : null
}

/** validatePercentage (Percent.value). */
export function percentageProblem(value: number): string | null {
  return value < 0 || value > 100 || (value > 0 && value < 0.0001) ? `percentage ${goFloat(value)} is neither 0.0, nor in range [0.0001, 100.0]` : null
}

/** Go's %v of a float64. */
export const goFloat = (n: number) => String(n)
/** Go's %f of a float64. */
export const goFixed = (n: number) => n.toFixed(6)

const QUALIFIED_NAME = '(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const TAG_KEY = new RegExp(`^([a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)*/)?(${QUALIFIED_NAME})$`)
const TAG_VALUE = new RegExp(`^(${QUALIFIED_NAME})?$`)

/** labels.Instance.Validate: Kubernetes label keys and values. */
export function checkLabels(labels: Record<string, string> | undefined, at: Path, report: Report): void {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const m = TAG_KEY.exec(k)
    if (!m) report([...at, k], 'ISTIO_BAD_LABEL', `invalid tag key: ${q(k)}`)
    else if (m[1] && m[1].length - 1 > 253) report([...at, k], 'ISTIO_BAD_LABEL', `invalid tag key: ${q(k)} (DNS prefix is too long)`)
    else if (m[2].length > 63) report([...at, k], 'ISTIO_BAD_LABEL', `invalid tag key: ${q(k)} (name is too long)`)
    if (typeof v === 'string' && !TAG_VALUE.test(v)) report([...at, k], 'ISTIO_BAD_LABEL', `invalid tag value: ${q(v)}`)
  }
}

/** validateExportTo: ".", "*", "~" (ServiceEntry only) or namespace names, without duplicates or contradictions. */
export function checkExportTo(
  namespace: string,
  exportTo: string[] | undefined,
  at: Path,
  report: Report,
  opts: {serviceEntry?: boolean; destinationRuleWithSelector?: boolean} = {},
): void {
  if (!exportTo?.length) return
  const seen = new Set<string>()
  exportTo.forEach((e, i) => {
    const key = e === '.' ? namespace : e
    if (seen.has(key)) {
      report([...at, i], 'ISTIO_BAD_EXPORT_TO', key !== e ? `duplicate entries in exportTo: . and current namespace ${namespace}` : `duplicate entries in exportTo for entry ${e}`)
    } else if (opts.serviceEntry && e === '~') seen.add(key)
    else {
      // visibility.Instance.Validate, applied to the substituted key.
      const problem =
        key === '.' || key === '*'
          ? null
          : key === '~'
            ? 'exportTo ~ (none) is not allowed for Istio configuration objects'
            : isDns1123Label(key)
              ? null
              : 'only .,*, or a valid DNS 1123 label is allowed as exportTo entry'
      if (problem) report([...at, i], 'ISTIO_BAD_EXPORT_TO', problem)
      else seen.add(key)
    }
  })
  if (opts.destinationRuleWithSelector && seen.size > 0) {
    if (!seen.has(namespace)) report(at, 'ISTIO_BAD_EXPORT_TO', 'destination rule with workload selector cannot have exportTo beyond current namespace')
    else if (seen.size > 1) report(at, 'ISTIO_BAD_EXPORT_TO', 'destination rule with workload selector cannot have multiple entries in exportTo')
  }
  if (seen.has('*') && exportTo.length > 1) report(at, 'ISTIO_BAD_EXPORT_TO', 'cannot have both public (*) and non-public exportTo values for a resource')
  if (seen.has('~') && exportTo.length > 1) report(at, 'ISTIO_BAD_EXPORT_TO', 'cannot export service entry to no one (~) and someone')
}

/**
 * The checks of one workload selector's labels (ValidateAlphaWorkloadSelector for ServiceEntry and Sidecar,
 * validateWorkloadSelector for DestinationRule): errors reported, and whether there were any.
 */
export function selectorLabelErrors(labels: Record<string, string>, at: Path, report: Report): boolean {
  let found = false
  for (const [k, v] of Object.entries(labels)) {
    if (k === '') {
      report([...at, k], 'ISTIO_BAD_SELECTOR', `empty key is not supported in selector: ${q(`${k}=${v}`)}`)
      found = true
    }
    if (k.includes('*') || String(v).includes('*')) {
      report([...at, k], 'ISTIO_BAD_SELECTOR', `wildcard is not supported in selector: ${q(`${k}=${v}`)}`)
      found = true
    }
  }
  return found
}
