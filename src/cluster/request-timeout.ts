import {parseDuration} from '../../sim/compile/istio/duration.js'
import {InputError} from '../cli/exit.js'

/**
 * kubectl waits forever by default (--request-timeout=0); here a silent server would hang a trace in CI, so
 * the default is client-go's discovery timeout, the one kubectl itself applies to its discovery requests when
 * no timeout is set: "32s in order to have a distinguishable length of time, relative to other timeouts that
 * exist" (client-go discovery/discovery_client.go defaultTimeout). It stays below the API server's own 60 s
 * limit for a request (kube-apiserver --request-timeout), so a slow but working server answers first.
 */
export const DEFAULT_REQUEST_TIMEOUT = '32s'

/**
 * --request-timeout as kubectl reads it (client-go tools/clientcmd/helpers.go ParseTimeout): a whole number
 * of seconds, else a Go duration ("1s", "2m", "1m30s", "250ms"); 0 waits forever. A negative duration, which
 * kubectl accepts and then treats as no timeout at all, is refused instead.
 */
export function requestTimeoutSeconds(text: string = DEFAULT_REQUEST_TIMEOUT): number {
  if (/^\d+$/.test(text)) return Number(text)
  const seconds = parseDuration(text)
  if (seconds === null) throw new InputError([`--request-timeout: "${text}" is not a duration: give whole seconds or a number with a unit, e.g. 30, 1s, 2m, 3h (0 waits forever)`])
  return seconds
}
