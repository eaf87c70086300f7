import {parseIp} from '../../../sim/net/cidr.js'

/**
 * Kubernetes' own value checks (k8s.io/apimachinery/pkg/util/validation), with its messages; each returns
 * what follows "Invalid value: <value>: ", or undefined when the value is valid.
 */

const PORT_RANGE = 'must be between 1 and 65535, inclusive'

export function portNumber(value: unknown): string | undefined {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535 ? undefined : PORT_RANGE
}

/** IsValidPortName: an IANA service name. */
export function portName(value: unknown): string | undefined {
  const name = String(value)
  const errors = [
    name.length > 15 && 'must be no more than 15 characters',
    !/^[-a-z0-9]+$/.test(name) && 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    !/[a-z]/.test(name) && 'must contain at least one letter (a-z)',
    name.includes('--') && 'must not contain consecutive hyphens',
    (name.startsWith('-') || name.endsWith('-')) && 'must not begin or end with a hyphen',
  ].filter((e): e is string => typeof e === 'string')
  return errors.length > 0 ? errors.join('; ') : undefined
}

/** A Service targetPort: a port number or a container port's name; 0 and "" are defaulted to `port`. */
export function targetPort(value: unknown): string | undefined {
  if (value === 0 || value === '') return undefined
  return typeof value === 'number' ? portNumber(value) : portName(value)
}

/** A Service clusterIP: an IP, "None" (headless) or "" (allocate one). */
export function clusterIP(value: unknown): string | undefined {
  if (value === '' || value === 'None' || parseIp(String(value))) return undefined
  return 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'
}
