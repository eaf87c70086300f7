/**
 * Deprecated served versions get the API server's warning, word for word from the CRD's deprecationWarning;
 * the table behind it (src/validate/deprecated-versions.ts) must list exactly the versions our CRDs mark
 * deprecated: the Gateway API v1.5.1 CRDs (test/fixtures/upstream/gateway-api) and ../shared/crds.
 */
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parseAllDocuments} from 'yaml'
import {parseResources} from '../../src/load/parse.js'
import {deprecatedVersions} from '../../src/validate/deprecated-versions.js'
import {validate} from '../../src/validate/index.js'
import {ROOT, runCli} from '../helpers/cli.js'
import {TLS_ORIGINATION_TASK} from '../helpers/tls-origination-task.js'

interface Crd {
  kind: string
  spec: {group: string; names: {kind: string}; versions: Array<{name: string; deprecated?: boolean; deprecationWarning?: string}>}
}

const DIRS = [
  join(ROOT, 'test', 'fixtures', 'upstream', 'gateway-api', 'experimental'),
  join(ROOT, '..', 'shared', 'crds', 'osm-v1.2.4'),
  join(ROOT, '..', 'shared', 'crds', 'istio'),
]
const crds = DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Crd)),
).filter((c) => c?.kind === 'CustomResourceDefinition')

describe('the deprecated versions table', () => {
  test('lists exactly the versions the CRDs mark deprecated, with their warning', () => {
    const marked = crds.flatMap((c) =>
      c.spec.versions.filter((v) => v.deprecated).map((v) => [`${c.spec.group}/${v.name}`, c.spec.names.kind, v.deprecationWarning?.replace(/\s+/g, ' ')]),
    )
    expect(crds.length).toBeGreaterThan(10)
    expect(marked.every(([, , warning]) => warning !== undefined)).toBe(true)
    expect(deprecatedVersions().sort()).toEqual(marked.sort())
  })
})

const policy = (apiVersion: string) => `${TLS_ORIGINATION_TASK}---
apiVersion: ${apiVersion}
kind: BackendTLSPolicy
metadata: {name: edition-cnn-com, namespace: default}
spec:
  targetRefs:
  - {group: networking.istio.io, kind: ServiceEntry, name: edition-cnn-com}
  validation:
    hostname: edition.cnn.com
    wellKnownCACertificates: System
`

describe('a deprecated version in use', () => {
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

  test('BackendTLSPolicy v1alpha3: the CRD’s warning at apiVersion; v1 has none', () => {
    const text = policy('gateway.networking.k8s.io/v1alpha3')
    const found = validate({resources: parseResources(text, 'p.yaml').resources}).filter((d) => d.code.endsWith('_VERSION_DEPRECATED'))
    expect(found.map((d) => [d.code, d.severity, d.field, d.source.line, d.message])).toEqual([
      [
        'GATEWAY_API_VERSION_DEPRECATED',
        'warning',
        'apiVersion',
        lineOf(text, 'gateway.networking.k8s.io/v1alpha3'),
        'The v1alpha3 version of BackendTLSPolicy has been deprecated and will be removed in a future release of the API. Please upgrade to v1.',
      ],
    ])
    const current = validate({resources: parseResources(policy('gateway.networking.k8s.io/v1'), 'p.yaml').resources})
    expect(current.filter((d) => d.code.endsWith('_VERSION_DEPRECATED'))).toEqual([])
  })

  test('an object the API server rejects still gets the warning', () => {
    const text = policy('gateway.networking.k8s.io/v1alpha3').replace('    hostname: edition.cnn.com\n', '')
    const codes = validate({resources: parseResources(text, 'p.yaml').resources}).map((d) => d.code)
    expect(codes).toContain('GATEWAY_API_VERSION_DEPRECATED')
    expect(codes).toContain('GATEWAY_API_REQUIRED_FIELD')
  })

  test('OSM MeshConfig v1alpha1', () => {
    const text = `apiVersion: config.openservicemesh.io/v1alpha1
kind: MeshConfig
metadata: {name: osm-mesh-config, namespace: osm-system}
spec:
  traffic: {enableEgress: false}
`
    const found = validate({resources: parseResources(text, 'm.yaml').resources}).filter((d) => d.code.endsWith('_VERSION_DEPRECATED'))
    expect(found.map((d) => [d.code, d.source.line, d.message])).toEqual([
      ['OSM_VERSION_DEPRECATED', 1, 'config.openservicemesh.io/v1alpha1 MeshConfig is deprecated; use config.openservicemesh.io/v1alpha2 MeshConfig'],
    ])
  })

  test('kubectl egress validate prints it with file:line and still exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deprecated-'))
    const file = join(dir, 'policy.yaml')
    const text = policy('gateway.networking.k8s.io/v1alpha3')
    writeFileSync(file, text)
    const r = await runCli(['validate', '-f', file])
    expect(r.status).toBe(0)
    expect(r.stdout + r.stderr).toContain(`${file}:${lineOf(text, 'v1alpha3')}`)
    expect(r.stdout + r.stderr).toContain('The v1alpha3 version of BackendTLSPolicy has been deprecated')
  })
})
