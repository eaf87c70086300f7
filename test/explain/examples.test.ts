/**
 * The bundled examples and every conformance scenario's final state explain without false findings: the
 * findings each one has are listed here with why they are true, and nothing else may appear.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parse, parseAllDocuments} from 'yaml'
import {compile} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import {explain} from '../../src/explain/index.js'
import {readInput} from '../../src/pipeline.js'
import {accepted} from '../../src/validate/index.js'
import {ROOT} from '../helpers/cli.js'
import {explainText} from './helpers.js'

const EXPECTED: Record<string, string[]> = {
  'examples/osm': [],
  'examples/osm-edge': [],
  // True findings: the egress-gateway task itself warns that without a NetworkPolicy pods can bypass it.
  'examples/istio': ['ISTIO_BYPASSABLE', 'ISTIO_BYPASSABLE'],
}

describe('bundled examples', () => {
  for (const [dir, codes] of Object.entries(EXPECTED)) {
    test(dir, async () => {
      const input = await readInput([join(ROOT, dir)])
      const mesh = dir.split('/')[1] as 'osm' | 'osm-edge' | 'istio'
      const e = explain(accepted(input.set, input.diagnostics), input.diagnostics, {mesh})
      expect(e.findings.map((d) => d.code)).toEqual(codes)
      // The words never disagree with trace: every sentence's verdict is what tracing its request gives.
      for (const c of e.clients) {
        const [namespace, serviceAccount] = c.client.split('/')
        const table = compile(input.set, {mesh, namespace, serviceAccount})
        for (const s of [...c.reaches, ...c.otherwise]) {
          const parsed = requestFrom(s.request!)
          expect(parsed.ok && trace(table, parsed.value).outcome.verdict).toBe(s.outcome?.verdict)
        }
      }
    })
  }
})

/** Final cluster state of a scenario: resources, then each apply (replace by kind/ns/name) and delete. */
function finalState(file: string): {mesh: 'osm' | 'osm-edge' | 'istio'; text: string} {
  const scenario = parse(readFileSync(file, 'utf8')) as {mesh: 'osm' | 'osm-edge' | 'istio'; resources: string; steps: Array<{apply?: string; delete?: string[]}>}
  const key = (d: {kind: string; metadata: {name: string; namespace?: string}}) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`
  const docs = (text: string) =>
    parseAllDocuments(text)
      .filter((d) => d.contents !== null)
      .map((d) => ({key: key(d.toJS()), text: d.toString()}))
  let state = docs(scenario.resources)
  for (const step of scenario.steps) {
    for (const doc of step.apply ? docs(step.apply) : []) state = [...state.filter((s) => s.key !== doc.key), doc]
    const gone = new Set((step.delete ?? []).map((k) => (k.split('/').length === 2 ? k.replace('/', '//') : k)))
    state = state.filter((s) => !gone.has(s.key))
  }
  return {mesh: scenario.mesh, text: state.map((s) => s.text).join('---\n')}
}

const CONFORMANCE = join(ROOT, '..', 'shared', 'conformance')
/**
 * Findings the final states really have. Every Istio demo runs REGISTRY_ONLY (or an egress gateway) with
 * no NetworkPolicy around default/sleep; Istio's own docs say that is no security control (istio.md §9 P1).
 */
const BYPASSABLE = ['ISTIO_BYPASSABLE']
const CONFORMANCE_FINDINGS: Record<string, string[]> = {
  'istio-capture-bypass.yaml': BYPASSABLE,
  'istio-egress-gateway-http.yaml': BYPASSABLE,
  'istio-egress-gateway-httpbin.yaml': BYPASSABLE,
  'istio-egress-gateway-https-passthrough.yaml': BYPASSABLE,
  'istio-egress-gateway-mtls.yaml': BYPASSABLE,
  'istio-egress-gateway-tls-origination.yaml': BYPASSABLE,
  // default/sleep is not isolated (REGISTRY_ONLY and the gateway route); test-egress/sleep is, and has none.
  'istio-networkpolicy.yaml': ['ISTIO_BYPASSABLE', 'ISTIO_BYPASSABLE'],
  'istio-outbound-policy.yaml': BYPASSABLE,
  'istio-timeout.yaml': BYPASSABLE,
}

describe('conformance scenarios, final state', () => {
  for (const file of readdirSync(CONFORMANCE)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    test(file, () => {
      const {mesh, text} = finalState(join(CONFORMANCE, file))
      expect(explainText(text, mesh, file).findings.map((d) => d.code)).toEqual(CONFORMANCE_FINDINGS[file] ?? [])
    })
  }
})
