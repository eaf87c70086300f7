/**
 * BackendTLSPolicy as the API server admits it: the structural schema and the x-kubernetes-validations of
 * gateway.networking.k8s.io_backendtlspolicies.yaml, sigs.k8s.io/gateway-api v1.5.1 (vendored in
 * test/fixtures/upstream/gateway-api/experimental). Messages are the CRD's own rule messages, in the
 * apiextensions-apiserver form `<field>: Invalid value: "<type>": <message>`. The expected line of a finding is
 * a line marked `# <-` in the case's YAML: the value's line, or its parent's when the field is missing.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parse} from 'yaml'
import {compile} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import {parseResources} from '../../src/load/parse.js'
import {validateGatewayApi} from '../../src/validate/gateway-api.js'
import {accepted, validate} from '../../src/validate/index.js'
import {ROOT, runCli} from '../helpers/cli.js'
import {type CrdSchema, nodesWithRules} from '../helpers/crd-schema.js'
import {TLS_ORIGINATION_TASK} from '../helpers/tls-origination-task.js'

const header = (apiVersion = 'gateway.networking.k8s.io/v1') => `apiVersion: ${apiVersion}
kind: BackendTLSPolicy
metadata:
  name: p
  namespace: default
`
const TARGET = `  targetRefs:
  - group: ""
    kind: Service
    name: web
`
const VALIDATION = `  validation:
    hostname: web.example.com
    wellKnownCACertificates: System
`

interface Case {
  name: string
  /** The object from `spec:` on. */
  spec: string
  /** [code, field, message]; none for an object the API server stores. */
  want?: Array<[string, string, string]>
  apiVersion?: string
}

const cel = (message: string, type = 'object') => `Invalid value: "${type}": ${message}`
const BOTH = 'must not contain both CACertificateRefs and WellKnownCACertificates'
const EITHER = 'must specify either CACertificateRefs or WellKnownCACertificates'
const SECTION_SPECIFIED = 'sectionName must be specified when targetRefs includes 2 or more references to the same target'
const SECTION_UNIQUE = 'sectionName must be unique when targetRefs includes 2 or more references to the same target'
const SAN_HOSTNAME = 'SubjectAltName element must contain Hostname, if Type is set to Hostname'
const SAN_NO_HOSTNAME = 'SubjectAltName element must not contain Hostname, if Type is not set to Hostname'
const SAN_URI = 'SubjectAltName element must contain URI, if Type is set to URI'
const SAN_NO_URI = 'SubjectAltName element must not contain URI, if Type is not set to URI'
const refs = (n: number, kind = 'Service') => Array.from({length: n}, (_, i) => `  - group: ""\n    kind: ${kind}\n    name: web\n    sectionName: p${i}\n`).join('')
const label63 = 'a'.repeat(63)
const options = (n: number) => Array.from({length: n}, (_, i) => `    example.com/o${i}: "v"\n`).join('')

const cases: Case[] = [
  {name: 'a Service target with the system CAs', spec: `spec:\n${TARGET}${VALIDATION}`},
  {name: 'v1alpha3 (served, deprecated) reads the same', apiVersion: 'gateway.networking.k8s.io/v1alpha3', spec: `spec:\n${TARGET}${VALIDATION}`},
  {
    name: 'an implementation-specific well-known CA set, a CA reference, SANs of both types',
    spec: `spec:\n${TARGET}  validation:\n    hostname: web.example.com\n    wellKnownCACertificates: example.com/corp-ca\n    subjectAltNames:\n    - type: Hostname\n      hostname: "*.example.com"\n    - type: URI\n      uri: spiffe://cluster.local/ns/default/sa/web\n`,
  },
  {
    name: 'the same target twice, on two sections',
    spec: `spec:\n  targetRefs:\n${refs(2)}  validation:\n    hostname: web.example.com\n    caCertificateRefs:\n    - group: ""\n      kind: ConfigMap\n      name: ca\n`,
  },
  {
    name: 'an unserved version',
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    spec: `spec:\n${TARGET}${VALIDATION}`,
    want: [['GATEWAY_API_VERSION_NOT_SERVED', 'apiVersion', 'no matches for kind "BackendTLSPolicy" in version "gateway.networking.k8s.io/v1beta1"']],
  },
  {name: 'no spec', spec: 'spec: # <-\n', want: [['GATEWAY_API_REQUIRED_FIELD', 'spec', 'Required value']]},
  {name: 'no targetRefs', spec: `spec: # <-\n${VALIDATION}`, want: [['GATEWAY_API_REQUIRED_FIELD', 'spec.targetRefs', 'Required value']]},
  {name: 'no validation', spec: `spec: # <-\n${TARGET}`, want: [['GATEWAY_API_REQUIRED_FIELD', 'spec.validation', 'Required value']]},
  {
    name: 'validation without hostname',
    spec: `spec:\n${TARGET}  validation: # <-\n    wellKnownCACertificates: System\n`,
    want: [['GATEWAY_API_REQUIRED_FIELD', 'spec.validation.hostname', 'Required value']],
  },
  {
    name: 'no targetRefs items',
    spec: `spec:\n  targetRefs: [] # <-\n${VALIDATION}`,
    want: [['GATEWAY_API_CRD_MIN_ITEMS', 'spec.targetRefs', 'Invalid value: 0: spec.targetRefs in body should have at least 1 items']],
  },
  {
    name: '17 targetRefs',
    spec: `spec:\n  targetRefs: # <-\n${refs(17)}${VALIDATION}`,
    want: [['GATEWAY_API_CRD_MAX_ITEMS', 'spec.targetRefs', 'Too many: 17: must have at most 16 items']],
  },
  // options: maxProperties 16 in the CRD; apimachinery field.TooMany's words, as for maxItems.
  {name: '16 options', spec: `spec:\n${TARGET}${VALIDATION}  options:\n${options(16)}`},
  {
    name: '17 options',
    spec: `spec:\n${TARGET}${VALIDATION}  options: # <-\n${options(17)}`,
    want: [['GATEWAY_API_CRD_MAX_PROPERTIES', 'spec.options', 'Too many: 17: must have at most 16 items']],
  },
  {name: '17 options, one of them null (pruned before validation)', spec: `spec:\n${TARGET}${VALIDATION}  options:\n${options(16)}    example.com/unset: null\n`},
  {
    name: 'a targetRef without group',
    spec: `spec:\n  targetRefs:\n  - kind: Service # <-\n    name: web\n${VALIDATION}`,
    want: [['GATEWAY_API_REQUIRED_FIELD', 'spec.targetRefs[0].group', 'Required value']],
  },
  {
    name: 'a targetRef kind that is not a Kubernetes kind name',
    spec: `spec:\n  targetRefs:\n  - group: ""\n    kind: Service_v1 # <-\n    name: web\n${VALIDATION}`,
    want: [
      ['GATEWAY_API_CRD_PATTERN', 'spec.targetRefs[0].kind', `Invalid value: "Service_v1": spec.targetRefs[0].kind in body should match '^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$'`],
    ],
  },
  {
    name: 'a wildcard validation.hostname',
    spec: `spec:\n${TARGET}  validation:\n    hostname: "*.example.com" # <-\n    wellKnownCACertificates: System\n`,
    want: [
      [
        'GATEWAY_API_CRD_PATTERN',
        'spec.validation.hostname',
        `Invalid value: "*.example.com": spec.validation.hostname in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'`,
      ],
    ],
  },
  {
    name: 'a 255-character validation.hostname',
    spec: `spec:\n${TARGET}  validation:\n    hostname: ${[label63, label63, label63, label63].join('.')} # <-\n    wellKnownCACertificates: System\n`,
    want: [['GATEWAY_API_CRD_MAX_LENGTH', 'spec.validation.hostname', 'Too long: may not be more than 253 bytes']],
  },
  {
    name: 'wellKnownCACertificates that is neither System nor domain-prefixed',
    spec: `spec:\n${TARGET}  validation:\n    hostname: web.example.com\n    wellKnownCACertificates: system # <-\n`,
    want: [
      [
        'GATEWAY_API_CRD_PATTERN',
        'spec.validation.wellKnownCACertificates',
        `Invalid value: "system": spec.validation.wellKnownCACertificates in body should match '^(System|([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]))$'`,
      ],
    ],
  },
  {
    name: 'both CA sources',
    spec: `spec:\n${TARGET}  validation: # <-\n    hostname: web.example.com\n    wellKnownCACertificates: System\n    caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]\n`,
    want: [['GATEWAY_API_CEL', 'spec.validation', cel(BOTH)]],
  },
  {
    name: 'no CA source',
    spec: `spec:\n${TARGET}  validation: # <-\n    hostname: web.example.com\n`,
    want: [['GATEWAY_API_CEL', 'spec.validation', cel(EITHER)]],
  },
  {
    name: 'an empty caCertificateRefs is no CA source',
    spec: `spec:\n${TARGET}  validation: # <-\n    hostname: web.example.com\n    caCertificateRefs: []\n`,
    want: [['GATEWAY_API_CEL', 'spec.validation', cel(EITHER)]],
  },
  {
    name: '9 caCertificateRefs',
    spec: `spec:\n${TARGET}  validation:\n    hostname: web.example.com\n    caCertificateRefs: # <-\n${Array.from({length: 9}, (_, i) => `    - {group: "", kind: ConfigMap, name: ca${i}}\n`).join('')}`,
    want: [['GATEWAY_API_CRD_MAX_ITEMS', 'spec.validation.caCertificateRefs', 'Too many: 9: must have at most 8 items']],
  },
  {
    name: '6 subjectAltNames',
    spec: `spec:\n${TARGET}${VALIDATION}    subjectAltNames: # <-\n${Array.from({length: 6}, (_, i) => `    - {type: Hostname, hostname: h${i}.example.com}\n`).join('')}`,
    want: [['GATEWAY_API_CRD_MAX_ITEMS', 'spec.validation.subjectAltNames', 'Too many: 6: must have at most 5 items']],
  },
  {
    name: 'a subjectAltName without type',
    spec: `spec:\n${TARGET}${VALIDATION}    subjectAltNames:\n    - hostname: web.example.com # <-\n`,
    want: [['GATEWAY_API_REQUIRED_FIELD', 'spec.validation.subjectAltNames[0].type', 'Required value']],
  },
  {
    name: 'a subjectAltName of an unknown type',
    spec: `spec:\n${TARGET}${VALIDATION}    subjectAltNames:\n    - type: DNS # <-\n      hostname: web.example.com\n`,
    want: [['GATEWAY_API_UNSUPPORTED_VALUE', 'spec.validation.subjectAltNames[0].type', 'Unsupported value: "DNS": supported values: "Hostname", "URI"']],
  },
  {
    name: 'a URI subjectAltName that is not a URI',
    spec: `spec:\n${TARGET}${VALIDATION}    subjectAltNames:\n    - type: URI\n      uri: web.example.com # <-\n`,
    want: [
      [
        'GATEWAY_API_CRD_PATTERN',
        'spec.validation.subjectAltNames[0].uri',
        `Invalid value: "web.example.com": spec.validation.subjectAltNames[0].uri in body should match '^(([^:/?#]+):)(//([^/?#]*))([^?#]*)(\\?([^#]*))?(#(.*))?'`,
      ],
    ],
  },
  {
    name: 'a Hostname subjectAltName without hostname, one with a URI',
    spec: `spec:\n${TARGET}${VALIDATION}    subjectAltNames:\n    - type: Hostname # <-\n    - type: Hostname # <-\n      hostname: web.example.com\n      uri: spiffe://web\n`,
    want: [
      ['GATEWAY_API_CEL', 'spec.validation.subjectAltNames[0]', cel(SAN_HOSTNAME)],
      ['GATEWAY_API_CEL', 'spec.validation.subjectAltNames[1]', cel(SAN_NO_URI)],
    ],
  },
  {
    name: 'a URI subjectAltName with a hostname and no URI: two rules, in the CRD order',
    spec: `spec:\n${TARGET}${VALIDATION}    subjectAltNames:\n    - type: URI # <-\n      hostname: web.example.com\n`,
    want: [
      ['GATEWAY_API_CEL', 'spec.validation.subjectAltNames[0]', cel(SAN_NO_HOSTNAME)],
      ['GATEWAY_API_CEL', 'spec.validation.subjectAltNames[0]', cel(SAN_URI)],
    ],
  },
  {
    name: 'the same target with and without a sectionName',
    spec: `spec:\n  targetRefs: # <-\n  - {group: "", kind: Service, name: web}\n  - {group: "", kind: Service, name: web, sectionName: https}\n${VALIDATION}`,
    want: [['GATEWAY_API_CEL', 'spec.targetRefs', cel(SECTION_SPECIFIED, 'array')]],
  },
  {
    name: 'the same target twice',
    spec: `spec:\n  targetRefs: # <-\n  - {group: "", kind: Service, name: web}\n  - {group: "", kind: Service, name: web}\n${VALIDATION}`,
    want: [['GATEWAY_API_CEL', 'spec.targetRefs', cel(SECTION_UNIQUE, 'array')]],
  },
  {
    name: 'the same section twice',
    spec: `spec:\n  targetRefs: # <-\n  - {group: "", kind: Service, name: web, sectionName: https}\n  - {group: "", kind: Service, name: web, sectionName: https}\n${VALIDATION}`,
    want: [['GATEWAY_API_CEL', 'spec.targetRefs', cel(SECTION_UNIQUE, 'array')]],
  },
  {
    name: 'one name in two groups is two targets',
    spec: `spec:\n  targetRefs:\n  - {group: "", kind: Service, name: web}\n  - {group: networking.istio.io, kind: ServiceEntry, name: web}\n${VALIDATION}`,
  },
]

function findings(c: Case) {
  const text = header(c.apiVersion) + c.spec
  const parsed = parseResources(text, 'policy.yaml')
  expect(parsed.diagnostics).toEqual([])
  const lines = text.split('\n').flatMap((l, i) => (l.includes('# <-') ? [`policy.yaml:${i + 1}`] : []))
  // The deprecated v1alpha3's warning is test/validate/deprecated-versions.test.ts's.
  return {lines, got: validateGatewayApi({resources: parsed.resources}).filter((d) => d.code !== 'GATEWAY_API_VERSION_DEPRECATED')}
}

describe('BackendTLSPolicy: what the API server admits', () => {
  test.each(cases)('$name', (c) => {
    const {lines, got} = findings(c)
    expect(got.map((d) => [d.code, d.field, d.message])).toEqual(c.want ?? [])
    expect(got.every((d) => d.severity === 'error')).toBe(true)
    if (lines.length) expect([...new Set(got.map((d) => `${d.source.file}:${d.source.line}`))]).toEqual(lines)
  })

  test('every CEL rule of the CRD has a case that breaks it, at the rule’s place', () => {
    const file = join(ROOT, 'test', 'fixtures', 'upstream', 'gateway-api', 'experimental', 'gateway.networking.k8s.io_backendtlspolicies.yaml')
    const crd = parse(readFileSync(file, 'utf8')) as {spec: {versions: Array<{name: string; schema: {openAPIV3Schema: {properties: {spec: CrdSchema}}}}>}}
    const broken = new Set(cases.flatMap((c) => (c.want ?? []).map(([, field, message]) => `${field.replace(/\[\d+\]/g, '[]')} ${message}`)))
    for (const version of crd.spec.versions) {
      const spec = version.schema.openAPIV3Schema.properties.spec
      const rules = nodesWithRules(spec, 'spec').flatMap((path) => {
        const node = path
          .split(/\.|(?=\[\])/)
          .slice(1)
          .reduce<CrdSchema | undefined>((n, k) => (k === '[]' ? n?.items : n?.properties?.[k]), spec)
        return (node?.['x-kubernetes-validations'] ?? []).map((r) => `${path} ${cel(r.message, node?.type)}`)
      })
      expect(rules.length, version.name).toBe(8)
      expect(
        rules.filter((r) => !broken.has(r)),
        version.name,
      ).toEqual([])
    }
  })
})

/** The egress TLS-origination task with BackendTLSPolicy (test/gateway-api/backend-tls.test.ts), its policy broken. */
const TASK = `${TLS_ORIGINATION_TASK}---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: edition-cnn-com, namespace: default}
spec:
  targetRefs:
  - {group: networking.istio.io, kind: ServiceEntry, name: edition-cnn-com, sectionName: http-port}
  validation:
    hostname: edition.cnn.com
    wellKnownCACertificates: System
`
const BROKEN = TASK.replace('    hostname: edition.cnn.com\n', '')
const BROKEN_LINE = BROKEN.split('\n').indexOf('  validation:') + 1

describe('an invalid BackendTLSPolicy originates no TLS', () => {
  test('the stored objects compile to plain HTTP to port 443, where the valid policy originates TLS', () => {
    const request = requestFrom('curl -s http://edition.cnn.com/politics')
    if (!request.ok) throw new Error(request.error.message)
    const tls = (yaml: string) => {
      const set = {resources: parseResources(yaml, 'task.yaml').resources}
      const stored = accepted(set, validate(set, {istioVersion: '1.28'}))
      return trace(compile(stored, {mesh: 'istio', namespace: 'default', serviceAccount: 'sleep', istioVersion: '1.28'}), request.value).tls
    }
    expect([tls(TASK), tls(BROKEN)]).toEqual(['originated', 'none'])
  })

  test('through the CLI: validate and trace exit 2 naming file:line and field', async () => {
    const {mkdtempSync, writeFileSync, rmSync} = await import('node:fs')
    const {tmpdir} = await import('node:os')
    const dir = mkdtempSync(join(tmpdir(), 'btls-'))
    try {
      const file = join(dir, 'task.yaml')
      writeFileSync(file, BROKEN)
      const where = `${file}:${BROKEN_LINE}: BackendTLSPolicy/default/edition-cnn-com: spec.validation.hostname: Required value`
      const validated = await runCli(['validate', '-f', file])
      expect({status: validated.status, named: validated.stdout.includes(where)}).toEqual({status: 2, named: true})
      const traced = await runCli(['trace', '-f', file, '--istio-version', '1.28', '--from', 'deploy/sleep', '-o', 'json', '--', 'curl', 'http://edition.cnn.com/politics'])
      expect({status: traced.status, named: traced.stderr.includes(where), originated: /originat/i.test(traced.stdout)}).toEqual({status: 2, named: true, originated: false})
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})

test('every kind whose CRD requires spec is rejected without one (a Gateway without spec used to crash validation)', () => {
  const kinds = ['gateway.networking.k8s.io/v1 Gateway', 'gateway.networking.k8s.io/v1 HTTPRoute', 'gateway.networking.k8s.io/v1 ReferenceGrant']
  const text = kinds.map((k) => `apiVersion: ${k.split(' ')[0]}\nkind: ${k.split(' ')[1]}\nmetadata: {name: x, namespace: default}\n`).join('---\n')
  const got = validateGatewayApi({resources: parseResources(text, 'x.yaml').resources}).filter((d) => d.severity === 'error')
  expect(got.map((d) => [d.object?.kind, d.field, d.message])).toEqual([
    ['Gateway', 'spec', 'Required value'],
    ['HTTPRoute', 'spec', 'Required value'],
  ])
})
