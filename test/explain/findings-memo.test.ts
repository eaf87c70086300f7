import fc from 'fast-check'
import {describe, expect, test, vi} from 'vitest'
import {compile} from '../../sim/compile/index.js'
import {findingsFor} from '../../src/explain/index.js'
import type {Diagnostic} from '../../src/model/diagnostic.js'
import {accepted, validate} from '../../src/validate/index.js'
import {parser} from '../helpers/edited-documents.js'

/*
 * Explain keeps each Egress's findings per parsed object and each destination's request per its words, so
 * the editor's next keystroke finds only what changed. Random edit sequences keep the objects of unchanged
 * documents (as the editor does) while an Egress, the ServiceAccounts, or the client's Deployment (its
 * ServiceAccount and capture exclusions) change; after every step findingsFor on the kept objects must give
 * what explain() gives on the same documents parsed afresh, from a fresh instance of the explain modules (what
 * they keep lives in the modules). The expected findings are all computed first, so that the kept objects'
 * findings follow one another as in the editor, and last step first: a key that leaves out part of what a
 * finding depends on answers with whatever came first, which the two orders make differ.
 */

const NAMESPACES = ['team-0', 'team-1']
const CLIENT = {namespace: 'team-1', serviceAccount: 'app'}

const egress = fc
  .record({
    name: fc.constantFrom('e-0', 'e-1', 'e-2', 'e-3'),
    namespace: fc.constantFrom(...NAMESPACES),
    sources: fc.array(fc.record({ns: fc.constantFrom(...NAMESPACES), sa: fc.constantFrom('app', 'job')}), {minLength: 1, maxLength: 2}),
    hosts: fc.option(fc.array(fc.constantFrom('a.example', 'b.example', '10.0.0.1', '192.168.1.9'), {minLength: 1, maxLength: 2})),
    ips: fc.option(fc.constantFrom('10.0.0.1/32', '10.0.0.0/24', '192.168.0.0/16')),
    port: fc.record({number: fc.constantFrom(80, 443, 5432), protocol: fc.constantFrom('http', 'https', 'tcp')}),
  })
  .map(
    (e) => `apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: ${e.name}, namespace: ${e.namespace}}
spec:
  sources: [${e.sources.map((s) => `{kind: ServiceAccount, name: ${s.sa}, namespace: ${s.ns}}`).join(', ')}]${e.hosts ? `\n  hosts: [${e.hosts.map((h) => JSON.stringify(h)).join(', ')}]` : ''}${e.ips ? `\n  ipAddresses: [${e.ips}]` : ''}
  ports: [{number: ${e.port.number}, protocol: ${e.port.protocol}}]
`,
  )

const accounts = fc.subarray(['team-0/app', 'team-0/job', 'team-1/app', 'team-1/job']).map((names) =>
  names.map((n) => {
    const [namespace, name] = n.split('/')
    return `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ${name}, namespace: ${namespace}}\n`
  }),
)

const workload = fc
  .record({sa: fc.constantFrom('app', 'job'), ips: fc.constantFrom('', '10.0.0.0/24', '10.0.0.1/32', '192.168.0.0/16'), ports: fc.constantFrom('', '443', '80')})
  .map(
    (w) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: team-1}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata:
      labels: {app: client}
      annotations:
        openservicemesh.io/sidecar-injection: enabled${w.ips ? `\n        openservicemesh.io/outbound-ip-range-exclusion-list: "${w.ips}"` : ''}${w.ports ? `\n        openservicemesh.io/outbound-port-exclusion-list: "${w.ports}"` : ''}
    spec:
      serviceAccountName: ${w.sa}
      containers: [{name: app, image: app}]
`,
  )

const MESH = [
  `apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata: {name: osm-mesh-config, namespace: osm-system}
spec:
  traffic: {enableEgress: false}
  featureFlags: {enableEgressPolicy: true}
`,
  ...NAMESPACES.map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {openservicemesh.io/monitored-by: osm}}\n`),
]

interface Docs {
  accounts: string[]
  workload: string
  egresses: string[]
}

type Edit =
  | {kind: 'egress'; at: number; text: string}
  | {kind: 'add'; text: string}
  | {kind: 'remove'; at: number}
  | {kind: 'accounts'; docs: string[]}
  | {kind: 'workload'; text: string}
const edit: fc.Arbitrary<Edit> = fc.oneof(
  {weight: 5, arbitrary: fc.record({kind: fc.constant('egress' as const), at: fc.nat(), text: egress})},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('add' as const), text: egress})},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('remove' as const), at: fc.nat()})},
  {weight: 2, arbitrary: fc.record({kind: fc.constant('accounts' as const), docs: accounts})},
  {weight: 2, arbitrary: fc.record({kind: fc.constant('workload' as const), text: workload})},
)

function applyEdit(d: Docs, e: Edit): Docs {
  if (e.kind === 'accounts') return {...d, accounts: e.docs}
  if (e.kind === 'workload') return {...d, workload: e.text}
  if (e.kind === 'add') return {...d, egresses: [...d.egresses, e.text]}
  if (d.egresses.length === 0) return d
  const at = e.at % d.egresses.length
  return {...d, egresses: e.kind === 'remove' ? d.egresses.filter((_, i) => i !== at) : d.egresses.map((t, i) => (i === at ? e.text : t))}
}

const documents = (d: Docs) => [...MESH, ...d.accounts, d.workload, ...d.egresses]
const start = fc.record({accounts, workload, egresses: fc.array(egress, {minLength: 1, maxLength: 5})})

describe('explain findings kept per object give what finding them afresh gives', () => {
  test('after every edit of a random edit sequence', async () => {
    const seen = new Set<string>()
    await fc.assert(
      fc.asyncProperty(start, fc.array(edit, {minLength: 1, maxLength: 10}), async (docs0, edits) => {
        const steps: Docs[] = [docs0]
        for (const e of edits) steps.push(applyEdit(steps[steps.length - 1], e))
        vi.resetModules()
        const {explain} = await import('../../src/explain/index.js')
        const expected = steps
          .toReversed()
          .map((d): Diagnostic[] => {
            const set = {resources: parser()(documents(d), false)}
            const diagnostics = validate(set)
            return explain(accepted(set, diagnostics), diagnostics, {mesh: 'osm', from: CLIENT}).findings
          })
          .toReversed()
        const parse = parser()
        steps.forEach((d, i) => {
          const set = {resources: parse(documents(d), true)}
          const diagnostics = validate(set)
          const live = accepted(set, diagnostics)
          const got = findingsFor(live, diagnostics, compile(live, {mesh: 'osm', ...CLIENT}), {mesh: 'osm', from: CLIENT})
          expect(got).toEqual(expected[i])
          for (const f of got) seen.add(f.code)
        })
      }),
      {numRuns: 40},
    )
    // The sequences reach every finding that is kept: a check that never sees one could not fail for it.
    expect([...seen]).toEqual(expect.arrayContaining(['OSM_SOURCE_NOT_FOUND', 'OSM_HTTPS_IP_HOST', 'OSM_CAPTURE_BYPASSED']))
  }, 60_000)
})
