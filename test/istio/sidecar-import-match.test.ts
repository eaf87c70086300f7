import {describe, expect, test} from 'vitest'
import {meshBase} from '../create/helpers.js'
import {kindAt, lineAt, lineOf, notVisibleFindings as notVisible, notVisibleSetBy, traceFromSleep} from './sidecar-yaml.js'

/**
 * Which services and VirtualServices a Sidecar egress host imports (istio pilot/pkg/model/sidecar.go at
 * 86c9f01). Expected outcomes follow upstream, not our output:
 * - Services (and their aliases): hostClassification.Matches is one-way, `h.SubsetOf(importedHost)`: the
 *   service host must be covered by the listener's host. "default/api.example.com" does not import a
 *   ServiceEntry of "*.example.com"; "default/*.example.com" imports one of "api.example.com".
 * - VirtualServices: hostClassification.VSMatches uses host.Name.Matches (either way round) for a user's
 *   VirtualService, and SubsetOf for one derived from a Gateway API route (UseGatewaySemantics).
 * Base: the Istio example (REGISTRY_ONLY mesh, sleep in default). The wildcard ServiceEntry is exported to
 * ".", so only default's sidecars could see it (explain reports what no proxy of the input sees).
 */
const base = meshBase('istio')

const sidecar = (hosts: string) => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: egress, namespace: default}
spec:
  egress:
  - hosts: ${hosts}
`
const wildcardEntry = `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: wildcard, namespace: default}
spec:
  hosts: ["*.example.com"]
  exportTo: ["."]
  ports:
  - {number: 443, name: tls, protocol: TLS}
  resolution: NONE
`
const apiEntry = (port = '{number: 443, name: tls, protocol: TLS}') => `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: default}
spec:
  hosts: [api.example.com]
  ports:
  - ${port}
  resolution: DNS
`

describe('a Sidecar egress host imports the services it covers, not the ones that cover it (hostClassification.Matches)', () => {
  test('"default/api.example.com" does not import the ServiceEntry "*.example.com": deny, and the Sidecar hosts hide it', () => {
    const text = base + wildcardEntry + sidecar('["default/api.example.com"]')
    const t = traceFromSleep(text, 'curl https://api.example.com').trace
    const hidden = notVisibleSetBy(t)
    expect([t.outcome.verdict, hidden]).toEqual(['deny', [lineOf(text, '- hosts: ["default/api.example.com"]')]])
    expect(notVisible(text)).toEqual([`${lineOf(text, 'hosts: ["*.example.com"]')} set by ${lineOf(text, '- hosts: ["default/api.example.com"]')}`])
  })

  test('"default/*.example.com" imports the ServiceEntry "api.example.com": allow, decided by its port', () => {
    const text = base + apiEntry() + sidecar('["default/*.example.com"]')
    const t = traceFromSleep(text, 'curl https://api.example.com').trace
    expect([t.outcome.verdict, lineAt(t.decidedBy), notVisibleSetBy(t)]).toEqual(['allow', lineOf(text, '- {number: 443, name: tls'), []])
    expect(notVisible(text)).toEqual([])
  })

  test('"default/*.example.com" imports the ServiceEntry "*.example.com" itself', () => {
    const text = base + wildcardEntry + sidecar('["default/*.example.com"]')
    expect(traceFromSleep(text, 'curl https://api.example.com').trace.outcome.verdict).toBe('allow')
    expect(notVisible(text)).toEqual([])
  })
})

/** A VirtualService on "*.example.com" that answers 418, next to the ServiceEntry "api.example.com" on port 80. */
const teapot = `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: teapot, namespace: default}
spec:
  hosts: ["*.example.com"]
  http:
  - directResponse: {status: 418}
`
/** An HTTPRoute on the ServiceEntry "*.example.com" (mesh, GAMMA): istiod derives a VirtualService with gateway semantics. */
const routed = `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: wildcard, namespace: default}
spec:
  hosts: ["*.example.com"]
  ports:
  - {number: 80, name: http, protocol: HTTP}
  resolution: NONE
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: to-other, namespace: default}
spec:
  parentRefs: [{kind: ServiceEntry, group: networking.istio.io, name: wildcard}]
  rules:
  - backendRefs: [{kind: Hostname, group: networking.istio.io, name: api.example.com, port: 80}]
`

describe("VirtualService hosts: either way round for a user's VirtualService, one-way for a Gateway API route (VSMatches)", () => {
  const http = '{number: 80, name: http, protocol: HTTP}'

  test('"default/api.example.com" selects the VirtualService "*.example.com" (host.Name.Matches)', () => {
    const t = traceFromSleep(base + apiEntry(http) + teapot + sidecar('["default/api.example.com"]'), 'curl http://api.example.com').trace
    expect([t.outcome.verdict, kindAt(t.decidedBy)]).toEqual(['deny', 'VirtualService'])
  })

  test('"default/api.example.com" does not select the route derived for "*.example.com" (gateway semantics: SubsetOf)', () => {
    const t = traceFromSleep(base + apiEntry(http) + routed + sidecar('["default/api.example.com"]'), 'curl http://api.example.com').trace
    expect(t.outcome.verdict).toBe('allow')
    expect(t.hops.flatMap((h) => h.steps.map((s) => kindAt(s.chose?.origin)))).not.toContain('HTTPRoute')
  })

  test('"default/*.example.com" selects the route derived for "*.example.com"', () => {
    const t = traceFromSleep(base + apiEntry(http) + routed + sidecar('["default/*.example.com"]'), 'curl http://api.example.com').trace
    expect(t.hops.flatMap((h) => h.steps.map((s) => kindAt(s.chose?.origin)))).toContain('HTTPRoute')
  })
})
