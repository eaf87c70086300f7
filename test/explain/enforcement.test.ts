import {describe, expect, test} from 'vitest'
import {meshBase} from '../create/helpers.js'
import {explainText, lineWith, SERVICE_ENTRY_TLS} from './helpers.js'

/**
 * Policies nothing enforces because the client's pods get no sidecar. Each fixture marks the policy line
 * with "# <-" and the setting that defeats it with "# <=". Which pods get a sidecar follows the injectors:
 * OSM pkg/injector/webhook.go mustInject (monitored namespace; the pod's annotation, else the namespace's);
 * Istio's webhook selectors (istio-discovery templates/mutatingwebhook.yaml) and pkg/kube/inject
 * injectRequired.
 */
const osmBase = meshBase('osm')
const istioBase = meshBase('istio')

const egress = (source = 'curl/curl') => `---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: httpbin, namespace: curl}
spec:
  sources:
  - {kind: ServiceAccount, name: ${source.split('/')[1]}, namespace: ${source.split('/')[0]}}
  hosts: [httpbin.org]
  ports:
  - number: 443 # <-
    protocol: https
`
const osmPod = (namespace: string, annotations: string) => `---
apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: ${namespace}
  annotations:${annotations || ' {}'}
spec:
  serviceAccountName: ${namespace === 'curl' ? 'curl' : 'app'}
  containers: [{name: app, image: curlimages/curl}]
`
const se = SERVICE_ENTRY_TLS
const istioPod = (labels: string, annotations = '') => `---
apiVersion: v1
kind: Pod
metadata:
  name: sleep
  namespace: default
  labels:${labels || ' {}'}
  annotations:${annotations || ' {}'}
spec:
  serviceAccountName: sleep
  containers: [{name: sleep, image: curlimages/curl}]
`
const osmNamespaceAt = (base: string) => base.replace('kind: Namespace\nmetadata:\n  name: curl', 'kind: Namespace\nmetadata: # <=\n  name: curl')
const istioNamespaceAt = (base: string) => base.replace('metadata:\n  name: default\n  labels:\n    istio-injection: enabled\n', 'metadata: # <=\n  name: default\n')

interface Row {
  name: string
  mesh: 'osm' | 'istio'
  input: string
}

const triggers: Row[] = [
  {
    name: 'OSM: monitored namespace without the injection annotation',
    mesh: 'osm',
    input: osmNamespaceAt(osmBase).replace('  annotations:\n    openservicemesh.io/sidecar-injection: enabled\n', '') + egress(),
  },
  {
    name: "OSM: the pod's annotation overrides the namespace's",
    mesh: 'osm',
    input: osmBase + osmPod('curl', '\n    openservicemesh.io/sidecar-injection: disabled # <=\n') + egress(),
  },
  {
    name: 'OSM: a pod outside any monitored namespace',
    mesh: 'osm',
    input: osmBase + '---\napiVersion: v1 # <=\nkind: Namespace\nmetadata: {name: legacy}\n' + osmPod('legacy', '') + egress('legacy/app'),
  },
  {name: 'Istio: namespace without istio-injection under REGISTRY_ONLY', mesh: 'istio', input: istioNamespaceAt(istioBase).replace('  mesh: |-', '  mesh: |- # <-') + se},
  {
    name: 'Istio: namespace istio-injection=disabled',
    mesh: 'istio',
    input: istioBase.replace('istio-injection: enabled', 'istio-injection: disabled # <=').replace('  mesh: |-', '  mesh: |- # <-') + se,
  },
  {
    name: 'Istio: pod labelled sidecar.istio.io/inject=false',
    mesh: 'istio',
    input: istioBase.replace('  mesh: |-', '  mesh: |- # <-') + istioPod('\n    sidecar.istio.io/inject: "false" # <=\n') + se,
  },
  {
    name: 'Istio: the legacy annotation alone selects no webhook',
    mesh: 'istio',
    input: istioNamespaceAt(istioBase).replace('  mesh: |-', '  mesh: |- # <-') + istioPod('', ' {"sidecar.istio.io/inject": "true"}') + se,
  },
]

const clean: Row[] = [
  {
    name: 'OSM: the pod annotated for injection in a namespace that is not',
    mesh: 'osm',
    input:
      osmBase.replace('  annotations:\n    openservicemesh.io/sidecar-injection: enabled\n', '') + osmPod('curl', '\n    openservicemesh.io/sidecar-injection: enabled') + egress(),
  },
  {
    name: 'Istio: pod labelled sidecar.istio.io/inject=true in an unlabelled namespace',
    mesh: 'istio',
    input: istioNamespaceAt(istioBase) + istioPod(' {"sidecar.istio.io/inject": "true"}') + se,
  },
  {name: 'Istio: pod labelled istio.io/rev in an unlabelled namespace', mesh: 'istio', input: istioNamespaceAt(istioBase) + istioPod(' {"istio.io/rev": default}') + se},
  {name: 'Istio: namespace labelled istio.io/rev', mesh: 'istio', input: istioBase.replace('istio-injection: enabled', 'istio.io/rev: default') + se},
  {name: 'Istio: no injection under ALLOW_ANY', mesh: 'istio', input: istioNamespaceAt(istioBase).replace('mode: REGISTRY_ONLY', 'mode: ALLOW_ANY') + se},
]

const marked = (text: string, marker: string) => text.split('\n').flatMap((l, i) => (l.includes(marker) ? [i + 1] : []))
const codeOf = (mesh: Row['mesh']) => (mesh === 'osm' ? 'OSM_NO_SIDECAR' : 'ISTIO_NO_SIDECAR')

describe('explain: a policy whose client gets no sidecar is an error at the policy, citing the setting', () => {
  test.each(triggers)('$name', ({mesh, input}) => {
    const e = explainText(input, mesh)
    const setting = lineWith(input, '# <=')
    expect(e.findings.filter((d) => d.code === codeOf(mesh)).map((d) => `${d.source.line}:${d.related?.source.line}`)).toEqual(marked(input, '# <-').map((l) => `${l}:${setting}`))
    expect(e.findings.filter((d) => d.code === codeOf(mesh)).every((d) => d.severity === 'error' && d.hint)).toBe(true)
    // The setting's place is the finding's "set by" line; the message names the setting without repeating it.
    expect(e.findings.filter((d) => d.code === codeOf(mesh)).every((d) => /get no sidecar \([A-Za-z]+\/\S+ /.test(d.message) && !d.message.includes(`:${setting}`))).toBe(true)
    expect(e.clients.find((c) => c.proxy === null)?.notEnforced?.wouldApply.length).toBeGreaterThan(0)
  })
  test.each(clean)('none: $name', ({mesh, input}) => {
    const e = explainText(input, mesh)
    expect(e.findings.filter((d) => d.code === codeOf(mesh))).toEqual([])
  })
})

describe("trace credits the setting that keeps the sidecar away, as explain's finding does", () => {
  test.each(triggers)('$name', ({mesh, input}) => {
    const e = explainText(input, mesh)
    const client = e.clients.find((c) => c.proxy === null)!
    const decided = client.otherwise.map((s) => (s.decidedBy?.from === 'resource' ? s.decidedBy.source.line : null))
    expect(decided.every((line) => line === lineWith(input, '# <='))).toBe(true)
  })
})
