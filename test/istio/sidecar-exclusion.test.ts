import {describe, expect, test} from 'vitest'
import {meshBase} from '../create/helpers.js'
import {cnnServiceEntry, kindAt, lineAt, lineOf, notVisibleFindings, notVisibleSetBy, traceFromSleep} from './sidecar-yaml.js'

/**
 * Sidecar egress hosts "~ns/host" (Istio ≥1.31, istio pilot/pkg/model/sidecar.go). Expected outcomes follow
 * upstream, not our output:
 * - convertIstioListenerToWrapper builds one hostClassification map per egress listener; a "~" entry goes to
 *   that listener's excludedHosts ("~" alone = namespace "*", "." = the proxy's namespace), whatever its
 *   place in `hosts`.
 * - selectServices (per listener) drops a service when its namespace's or "*"'s excludedHosts cover its host
 *   (hostClassification.Excluded: host.SubsetOf), before looking at that listener's imports.
 * - collectImportedServices: the sidecar's services are the union of its listeners', so a service one
 *   listener excludes is seen through another listener that imports it; listener.go
 *   buildSidecarOutboundListeners gives a catch-all listener's services their own ports (here 443, which no
 *   port listener takes).
 * - Only services exported to the proxy's namespace reach selectServices (push_context.go
 *   servicesExportedToNamespace / IsServiceVisible): exportTo decides first.
 * - virtualservice.go SelectVirtualServices skips a VirtualService host excluded in its namespace or "*".
 * Base: the Istio example (REGISTRY_ONLY, sleep in default, egress gateway in istio-system). The ServiceEntry
 * is exported to "." so only default's sidecars could see it; the setting that hides it is marked "# <=".
 */
const base = meshBase('istio')

const serviceEntry = (namespace = 'default', exportTo = '["."]') => `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: api, namespace: ${namespace}}
spec:
  hosts: [api.example.com]
  exportTo: ${exportTo}
  ports:
  - {number: 443, name: tls, protocol: TLS}
  resolution: DNS
`
const sidecar = (namespace: string, egress: string) => `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: egress, namespace: ${namespace}}
spec:
  egress:
${egress}`

interface Row {
  name: string
  input: string
  verdict: 'allow' | 'deny'
}

const rows: Row[] = [
  {
    name: 'excluded by the port listener, imported by the catch-all: seen',
    input:
      serviceEntry() +
      sidecar(
        'default',
        `  - port: {number: 9000, protocol: TCP, name: tcp}
    hosts: ["*/*", "~default/api.example.com"]
  - hosts: ["default/api.example.com", "istio-system/*"]
`,
      ),
    verdict: 'allow',
  },
  {
    name: 'imported by the port listener on 443, excluded by the catch-all: seen',
    input:
      serviceEntry() +
      sidecar(
        'default',
        `  - port: {number: 443, protocol: TLS, name: tls}
    hosts: ["default/api.example.com"]
  - hosts: ["*/*", "~default/api.example.com"]
`,
      ),
    verdict: 'allow',
  },
  {
    name: 'excluded in the only listener',
    input: serviceEntry() + sidecar('default', '  - hosts:\n    - "*/*"\n    - "~default/api.example.com" # <=\n'),
    verdict: 'deny',
  },
  {
    name: '"~" before "*/*" in the same listener: the exclusion still wins',
    input: serviceEntry() + sidecar('default', '  - hosts:\n    - "~default/api.example.com" # <=\n    - "*/*"\n'),
    verdict: 'deny',
  },
  {
    name: '"~/host" excludes it from every namespace',
    input: serviceEntry() + sidecar('default', '  - hosts:\n    - "*/*"\n    - "~/api.example.com" # <=\n'),
    verdict: 'deny',
  },
  {
    name: 'a wildcard "~default/*.example.com" covers the host',
    input: serviceEntry() + sidecar('default', '  - hosts:\n    - "*/*"\n    - "~default/*.example.com" # <=\n'),
    verdict: 'deny',
  },
  {
    name: '"~./host" in the root namespace\'s Sidecar is the proxy\'s namespace',
    input: serviceEntry() + sidecar('istio-system', '  - hosts:\n    - "*/*"\n    - "~./api.example.com" # <=\n'),
    verdict: 'deny',
  },
  {
    name: '"~other/host" leaves the ServiceEntry of default alone',
    input: serviceEntry() + sidecar('default', '  - hosts: ["*/*", "~other/api.example.com"]\n'),
    verdict: 'allow',
  },
  {
    name: 'the only listener that imports it excludes it; another listener imports other namespaces',
    input:
      serviceEntry() +
      sidecar(
        'default',
        `  - port: {number: 9000, protocol: TCP, name: tcp}
    hosts:
    - "default/*"
    - "~default/api.example.com" # <=
  - hosts: ["istio-system/*"]
`,
      ),
    verdict: 'deny',
  },
  {
    name: 'not exported and excluded: exportTo decides first',
    input: serviceEntry('other', '["."] # <=') + sidecar('default', '  - hosts: ["*/*", "~other/api.example.com"]\n'),
    verdict: 'deny',
  },
]

describe('Sidecar "~ns/host" egress hosts exclude per egress listener, as istiod does', () => {
  test.each(rows)('trace: $name ⇒ $verdict', ({input, verdict}) => {
    const text = base + input
    const t = traceFromSleep(text, 'curl https://api.example.com').trace
    const hidden = notVisibleSetBy(t)
    if (verdict === 'allow') {
      // The SNI chain of the ServiceEntry's port decides.
      expect([t.outcome.verdict, lineAt(t.decidedBy), hidden]).toEqual(['allow', lineOf(text, '- {number: 443, name: tls'), []])
    } else {
      // REGISTRY_ONLY blackholes the unknown host; the near miss names the setting that hides the ServiceEntry.
      expect([t.outcome.verdict, hidden]).toEqual(['deny', [lineOf(text, '# <=')]])
    }
  })

  test.each(rows)('explain agrees: $name', ({input, verdict}) => {
    const text = base + input
    expect(notVisibleFindings(text)).toEqual(verdict === 'allow' ? [] : [`${lineOf(text, 'hosts: [api.example.com]')} set by ${lineOf(text, '# <=')}`])
  })
})

const cnn = `${cnnServiceEntry}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: teapot, namespace: routes}
spec:
  hosts: [edition.cnn.com]
  http:
  - directResponse: {status: 418}
`

describe('a "~" host also drops VirtualServices of that namespace (virtualservice.go SelectVirtualServices)', () => {
  test('"~routes/edition.cnn.com": the VirtualService of routes is skipped, the ServiceEntry of default is not', () => {
    const t = traceFromSleep(base + cnn + sidecar('default', '  - hosts: ["*/*", "~routes/edition.cnn.com"]\n'), 'curl http://edition.cnn.com').trace
    expect([t.outcome.verdict, kindAt(t.decidedBy)]).toEqual(['allow', 'ServiceEntry'])
  })

  test('excluded by a port listener, imported by the catch-all: the VirtualService applies', () => {
    const egress = `  - port: {number: 9000, protocol: TCP, name: tcp}
    hosts: ["*/*", "~routes/edition.cnn.com"]
  - hosts: ["*/*"]
`
    const t = traceFromSleep(base + cnn + sidecar('default', egress), 'curl http://edition.cnn.com').trace
    expect([t.outcome.verdict, kindAt(t.decidedBy)]).toEqual(['deny', 'VirtualService'])
  })
})
