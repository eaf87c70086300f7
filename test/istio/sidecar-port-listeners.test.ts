import {describe, expect, test} from 'vitest'
import {meshBase} from '../create/helpers.js'
import {lineAt, lineOf, notVisibleFindings as explained, notVisibleSetBy as notVisibleNearMisses, traceFromSleep} from './sidecar-yaml.js'

/**
 * Sidecar egress listeners with a port (istio at 86c9f01). Expected outcomes follow upstream, not our output:
 * - pilot/pkg/model/sidecar.go needsPortMatch / serviceMatchingListenerPort: a listener with a port (not
 *   HTTP_PROXY) imports only services that have that port, trimmed to it; the sidecar's services are the
 *   union (collectImportedServices), so a port no listener takes is not seen at all.
 * - pilot/pkg/networking/core/listener.go buildSidecarOutboundListeners: port listeners build their services
 *   on their port first; then every listener entry (bind, port) is `locked`, and the catch-all listener adds
 *   nothing to a locked one (buildSidecarOutboundListener returns on `cur.locked`). A ServiceEntry without
 *   addresses listens on 0.0.0.0, so two of them on 443 share 0.0.0.0:443, and on HTTP ports every service does.
 * - sidecar.go GetEgressListenerForRDS: route config "PORT" is built from the port listener's imports.
 * Base: the Istio example (REGISTRY_ONLY, sleep in default). ServiceEntries are exported to "." so only
 * default's sidecars see them; `explain` says ISTIO_SE_NOT_VISIBLE only for one no proxy has any rule from
 * (a cluster counts: istiod builds it from the sidecar's services even when no listener chain leads there).
 */
const base = meshBase('istio')

const entry = (name: string, ports: string) => `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: ${name}, namespace: default}
spec:
  hosts: [${name}.example.com]
  exportTo: ["."]
  ports:
${ports}  resolution: DNS
`
const tls = '  - {number: 443, name: tls, protocol: TLS}\n'
const http = '  - {number: 80, name: http, protocol: HTTP}\n'
const sidecar = (egress: string) => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: egress, namespace: default}
spec:
  egress:
${egress}`

describe('a port listener holds its listener: the catch-all adds nothing to it (listener.go locked)', () => {
  const egress = `  - port: {number: 443, protocol: TLS, name: tls} # <=
    hosts: ["default/other.example.com"]
  - hosts: ["default/api.example.com", "istio-system/*"]
`
  const text = base + entry('api', tls) + entry('other', tls) + sidecar(egress)

  test('api, imported by the catch-all only, gets no chain on 0.0.0.0:443: deny, the port listener named', () => {
    const {trace: t, assumptions} = traceFromSleep(text, 'curl https://api.example.com')
    expect([t.outcome.verdict, notVisibleNearMisses(t)]).toEqual(['deny', [lineOf(text, '# <=')]])
    expect(assumptions).not.toContain('SIDECAR_EGRESS_PORT_MERGED')
  })

  test('other, imported by the port listener, is allowed by its port', () => {
    const {trace: t} = traceFromSleep(text, 'curl https://other.example.com')
    expect([t.outcome.verdict, lineAt(t.decidedBy), notVisibleNearMisses(t)]).toEqual(['allow', lineOf(text, '- {number: 443', lineOf(text, 'name: other')), []])
  })

  test('explain: both ServiceEntries keep a rule (api its cluster), so no ISTIO_SE_NOT_VISIBLE', () => {
    expect(explained(text)).toEqual([])
  })

  test('the catch-all still builds ports no port listener holds: api on 8443 is allowed', () => {
    const text8443 = base + entry('api', '  - {number: 8443, name: tls, protocol: TLS}\n') + entry('other', tls) + sidecar(egress)
    const {trace: t} = traceFromSleep(text8443, 'curl https://api.example.com:8443')
    expect([t.outcome.verdict, lineAt(t.decidedBy)]).toEqual(['allow', lineOf(text8443, '- {number: 8443')])
  })
})

describe('route config "80" is the port listener\'s (GetEgressListenerForRDS)', () => {
  const egress = `  - port: {number: 80, protocol: HTTP, name: http} # <=
    hosts: ["default/other.example.com"]
  - hosts: ["default/api.example.com", "istio-system/*"]
`
  const text = base + entry('api', http) + entry('other', http) + sidecar(egress)

  test('api on 80, imported by the catch-all only: no virtual host, REGISTRY_ONLY answers; the port listener named', () => {
    const {trace: t} = traceFromSleep(text, 'curl http://api.example.com')
    expect([t.outcome.verdict, notVisibleNearMisses(t)]).toEqual(['deny', [lineOf(text, '# <=')]])
  })

  test('other on 80 is routed by its own virtual host', () => {
    const {trace: t} = traceFromSleep(text, 'curl http://other.example.com')
    expect([t.outcome.verdict, lineAt(t.decidedBy)]).toEqual(['allow', lineOf(text, '- {number: 80', lineOf(text, 'name: other'))])
  })
})

describe('route config "80" is the port listener\'s: both imported there, api also by the catch-all', () => {
  test('api is routed (one virtual host per service of the port listener) and no near miss names a held port', () => {
    const text =
      base +
      entry('api', http) +
      entry('other', http) +
      sidecar(`  - port: {number: 80, protocol: HTTP, name: http}
    hosts: ["default/other.example.com", "default/api.example.com"]
  - hosts: ["default/api.example.com"]
`)
    const {trace: t} = traceFromSleep(text, 'curl http://api.example.com')
    expect([t.outcome.verdict, lineAt(t.decidedBy), notVisibleNearMisses(t)]).toEqual(['allow', lineOf(text, '- {number: 80'), []])
  })
})

describe('a port listener imports only services with its port, trimmed to it (needsPortMatch)', () => {
  test('the only listener importing api is on 9000, which api does not have: api is not seen', () => {
    const text =
      base +
      entry('api', tls) +
      sidecar(`  - port: {number: 9000, protocol: TCP, name: tcp} # <=
    hosts: ["default/*"]
  - hosts: ["istio-system/*"]
`)
    const {trace: t} = traceFromSleep(text, 'curl https://api.example.com')
    expect([t.outcome.verdict, notVisibleNearMisses(t)]).toEqual(['deny', [lineOf(text, '# <=')]])
    expect(explained(text)).toEqual([`${lineOf(text, 'hosts: [api.example.com]')} set by ${lineOf(text, '# <=')}`])
  })

  test('imported on 443 only: https is allowed, http (its port 80) is not seen', () => {
    const text = base + entry('api', http + tls) + sidecar('  - port: {number: 443, protocol: TLS, name: tls} # <=\n    hosts: ["default/api.example.com"]\n')
    const https = traceFromSleep(text, 'curl https://api.example.com').trace
    expect([https.outcome.verdict, lineAt(https.decidedBy)]).toEqual(['allow', lineOf(text, '- {number: 443')])
    const plain = traceFromSleep(text, 'curl http://api.example.com').trace
    expect([plain.outcome.verdict, notVisibleNearMisses(plain)]).toEqual(['deny', [lineOf(text, '# <=')]])
    // Seen on 443, so explain (a ServiceEntry no proxy has a rule from) says nothing.
    expect(explained(text)).toEqual([])
  })

  test('the port listener imports api on 443, the catch-all imports everything: allowed', () => {
    const text =
      base +
      entry('api', tls) +
      sidecar(`  - port: {number: 443, protocol: TLS, name: tls}
    hosts: ["default/api.example.com"]
  - hosts: ["*/*"]
`)
    const {trace: t} = traceFromSleep(text, 'curl https://api.example.com')
    expect([t.outcome.verdict, lineAt(t.decidedBy), notVisibleNearMisses(t)]).toEqual(['allow', lineOf(text, '- {number: 443'), []])
  })
})
