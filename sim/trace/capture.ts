import {inRange} from '../net/cidr.js'
import type {Request} from '../request/types.js'
import type {Capture, MeshTable, Origin, Tagged, Workload} from '../rules/types.js'
import {type Recorded, step} from './recorded.js'
import {dnsStage} from './resolve-name.js'
import type {RuleRef} from './types.js'

export interface CaptureDecision {
  redirected: boolean
  rule: RuleRef
  /** The setting that decided, e.g. "excludeOutboundIPRanges 34.194.129.11/32". */
  setting: string
}

/**
 * The pod's iptables nat OUTPUT chain, first match wins (istio tools/istio-iptables capture/run.go;
 * OSM pkg/injector/iptables.go): excluded ports, loopback, excluded ranges, included ports, included ranges.
 * Only TCP reaches this point; UDP is never redirected to the proxy.
 */
export function decideCapture(capture: Capture, workload: string, ip: string | undefined, port: number): CaptureDecision {
  const ref = (name: string, t?: Tagged<unknown>): RuleRef => ({proxy: workload, kind: 'capture', name, origin: t?.origin ?? capture.origin})
  const excludedPort = capture.excludePorts.find((p) => p.value === port)
  if (excludedPort) return {redirected: false, rule: ref('exclude-port', excludedPort), setting: `excluded port ${port}`}
  if (ip !== undefined && inRange('127.0.0.1/32', ip)) return {redirected: false, rule: ref('loopback'), setting: 'loopback 127.0.0.1'}
  const excludedRange = capture.excludeCidrs.find((c) => inRange(c.value, ip))
  if (excludedRange) return {redirected: false, rule: ref('exclude-range', excludedRange), setting: `excluded range ${excludedRange.value}`}
  const includedPort = capture.includePorts.find((p) => p.value === port)
  if (includedPort) return {redirected: true, rule: ref('include-port', includedPort), setting: `included port ${port}`}
  if (capture.includeCidrs === '*') return {redirected: true, rule: ref('include-all'), setting: 'all outbound TCP'}
  const includedRange = capture.includeCidrs.find((c) => inRange(c.value, ip))
  if (includedRange) return {redirected: true, rule: ref('include-range', includedRange), setting: `included range ${includedRange.value}`}
  const notIncluded: RuleRef = {proxy: workload, kind: 'capture', name: 'not-included', origin: capture.includeOrigin ?? capture.origin}
  return {redirected: false, rule: notIncluded, setting: 'destination outside the included ranges'}
}

/** The capture stage: the port of the client's sidecar the connection is redirected to, or the origin that let it leave the pod directly. */
export function captureStage(client: Workload, ip: string | undefined, port: number): Recorded & ({redirectTo: number; proxy: string} | {redirectTo: null; decided: Origin}) {
  if (!client.proxy || !client.capture) {
    // The injection setting decides: without a sidecar no egress policy applies to this pod.
    const decided = client.injection ?? client.origin
    return {redirectTo: null, decided, steps: [step('capture', {proxy: client.id, kind: 'capture', name: 'no-sidecar', origin: decided}, [], {code: 'NO_SIDECAR'})]}
  }
  const decision = decideCapture(client.capture, client.id, ip, port)
  const steps = [step('capture', decision.rule, [], {code: decision.redirected ? 'REDIRECTED' : 'BYPASSED', setting: decision.setting, port: client.capture.redirectPort})]
  if (!decision.redirected) return {redirectTo: null, decided: decision.rule.origin, steps}
  return {redirectTo: client.capture.redirectPort, proxy: client.proxy, steps}
}

/**
 * The capture stage of the first hop of `request`'s trace through `table` (after the client's name lookup,
 * as run.ts takes it), without walking the proxies: explain asks it of every policy on every keystroke.
 */
export function requestCapture(table: MeshTable, request: Request): ReturnType<typeof captureStage> {
  return captureStage(table.client, request.ip ?? dnsStage(table, request.host).address, request.port)
}
