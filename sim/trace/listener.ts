import type {Listener, Proxy} from '../rules/types.js'
import type {ConnectionAttributes} from './attributes.js'
import type {Conn, HopEnd} from './connection.js'
import {type Recorded, step} from './recorded.js'
import type {Candidate, RuleRef} from './types.js'

/** The listener that accepts on `listenPort`, handed off to the original destination's listener where the catch-all listener does that. */
export function listenerStage(proxy: Proxy, conn: Conn, listenPort: number): Recorded & ({listener: Listener} | {end: HopEnd}) {
  const accepting = findListener(proxy, undefined, listenPort)
  const candidates: Candidate[] = proxy.listeners.map((l) => ({
    rule: listenerRef(proxy, l),
    mismatches: l.port === listenPort ? [] : [{field: 'port', wanted: String(l.port), got: String(listenPort)}],
  }))
  if (!accepting) {
    const end: HopEnd = {outcome: {verdict: 'deny', by: 'kernel', curlExit: 7, because: {code: 'CONNECTION_REFUSED', port: listenPort}}, decided: null}
    return {end, steps: [step('listener', null, candidates, {code: 'NO_LISTENER', port: listenPort})]}
  }
  const accepts = step('listener', listenerRef(proxy, accepting), candidates, {code: 'LISTENER_ACCEPTS', port: listenPort})
  if (!accepting.handOffToOriginalDst) return {listener: accepting, steps: [accepts]}
  const target = findListener(proxy, conn.ip, conn.port, accepting)
  if (!target) return {listener: accepting, steps: [accepts, step('listener', listenerRef(proxy, accepting), [], {code: 'NO_PORT_LISTENER', port: conn.port})]}
  return {listener: target, steps: [accepts, step('listener', listenerRef(proxy, target), [], {code: 'HANDED_OFF', address: target.address, port: target.port})]}
}

/** The listener filters that read the first bytes (tls_inspector, http_inspector) and what they found. */
export function inspectStage(listener: Listener, conn: Conn): Recorded & {attrs: ConnectionAttributes} {
  const active = (listener.inspectors.tls || listener.inspectors.http) && !listener.inspectors.disabledOnPorts.includes(conn.port)
  const base = {dstIp: conn.ip, dstPort: conn.port}
  const raw: ConnectionAttributes = {...base, transport: 'raw_buffer', alpn: []}
  if (!active) return {attrs: raw, steps: [step('inspectors', null, [], {code: 'INSPECTORS_OFF', port: conn.port})]}
  if (conn.serverFirst) {
    // The inspectors wait for client bytes that a server-first client never sends first.
    const seconds = listener.inspectors.timeoutSeconds
    return {attrs: raw, seconds, steps: [step('inspectors', null, [], {code: 'INSPECTOR_TIMEOUT', seconds})]}
  }
  if (conn.bytes === 'tls' && listener.inspectors.tls)
    return {attrs: {...base, transport: 'tls', sni: conn.sni, alpn: conn.alpn}, steps: [step('inspectors', null, [], {code: 'TLS_DETECTED', sni: conn.sni ?? '', alpn: conn.alpn})]}
  if (conn.bytes === 'http' && listener.inspectors.http)
    return {attrs: {...base, transport: 'raw_buffer', alpn: conn.alpn}, steps: [step('inspectors', null, [], {code: 'HTTP_DETECTED', alpn: conn.alpn})]}
  return {attrs: raw, steps: [step('inspectors', null, [], {code: 'NOTHING_DETECTED'})]}
}

function findListener(proxy: Proxy, ip: string | undefined, port: number, except?: Listener): Listener | undefined {
  const candidates = proxy.listeners.filter((l) => l.port === port && l !== except)
  return (ip !== undefined ? candidates.find((l) => l.address === ip) : undefined) ?? candidates.find((l) => l.address === '0.0.0.0')
}

function listenerRef(proxy: Proxy, l: Listener): RuleRef {
  return {proxy: proxy.id, kind: 'listener', name: l.name, origin: l.origin}
}
