import {describe, expect, test} from 'vitest'
import {parseResources} from '../../src/load/parse.js'
import {validateOsm, validateOsmFlavours} from '../../src/validate/osm.js'

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: curl
  labels:
    openservicemesh.io/monitored-by: osm
`

/** An Egress whose spec body is `body` (indented two spaces). */
function egressYaml(body: string, name = 'e', namespace = 'curl'): string {
  return `apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
${body.replace(/^\n/, '')}`
}

const SOURCES = `  sources:
  - kind: ServiceAccount
    name: curl
    namespace: curl
`

const load = (text: string, file = 'test.yaml') => parseResources(text, file).resources

function diagnose(...docs: string[]) {
  return validateOsm({resources: [...load(NAMESPACE), ...docs.flatMap((d, i) => load(d, `f${i}.yaml`))]})
}

const codes = (ds: ReturnType<typeof diagnose>) => ds.map((d) => [d.code, d.severity, d.field, d.source.file, d.source.line])

/** The line of `text` that holds `needle` (the `nth` such line): where the field a diagnostic names is written. */
function lineIn(text: string, needle: string, nth = 1): number {
  const lines = text.split('\n')
  let seen = 0
  const i = lines.findIndex((l) => l.includes(needle) && ++seen === nth)
  if (i === -1) throw new Error(`no line ${nth} with ${JSON.stringify(needle)}`)
  return i + 1
}

/** Rows whose last element names the line by what is written there. */
const lines = (text: string, want: ReadonlyArray<ReadonlyArray<string | number>>) => want.map((w) => [...w.slice(0, -1), lineIn(text, String(w[w.length - 1]))])

describe('API server: CRD structural schema (osm.md §1.1)', () => {
  test.each([
    {name: 'missing ports', body: SOURCES, want: [['OSM_CRD_REQUIRED', 'error', 'spec.ports', 'f0.yaml', 'spec:']]},
    {
      name: 'missing sources',
      body: `  ports:\n  - number: 80\n    protocol: http\n`,
      want: [['OSM_CRD_REQUIRED', 'error', 'spec.sources', 'f0.yaml', 'spec:']],
    },
    {
      name: 'source kind Pod, source without namespace',
      body: `  sources:\n  - kind: Pod\n    name: curl\n  ports: []\n`,
      want: [
        ['OSM_CRD_REQUIRED', 'error', 'spec.sources[0].namespace', 'f0.yaml', '- kind: Pod'],
        ['OSM_CRD_ENUM', 'error', 'spec.sources[0].kind', 'f0.yaml', '- kind: Pod'],
      ],
    },
    {
      name: 'port 0 and 70000, missing protocol',
      body: `${SOURCES}  ports:\n  - number: 0\n    protocol: http\n  - number: 70000\n    protocol: tcp\n  - number: 80\n`,
      want: [
        ['OSM_CRD_MINIMUM', 'error', 'spec.ports[0].number', 'f0.yaml', '- number: 0'],
        ['OSM_CRD_MAXIMUM', 'error', 'spec.ports[1].number', 'f0.yaml', '- number: 70000'],
        ['OSM_CRD_REQUIRED', 'error', 'spec.ports[2].protocol', 'f0.yaml', '- number: 80'],
      ],
    },
    {
      name: 'ipAddresses without prefix, IPv6',
      body: `${SOURCES}  ipAddresses:\n  - 10.0.0.1\n  - 2001:db8::/32\n  ports: []\n`,
      want: [
        ['OSM_CRD_PATTERN', 'error', 'spec.ipAddresses[0]', 'f0.yaml', '- 10.0.0.1'],
        ['OSM_CRD_PATTERN', 'error', 'spec.ipAddresses[1]', 'f0.yaml', '- 2001:db8::/32'],
      ],
    },
    {
      name: 'port number as a string',
      body: `${SOURCES}  ports:\n  - number: "80"\n    protocol: http\n`,
      want: [['OSM_CRD_TYPE', 'error', 'spec.ports[0].number', 'f0.yaml', 'number: "80"']],
    },
    {
      name: 'match without apiGroup',
      body: `${SOURCES}  ports: []\n  matches:\n  - kind: HTTPRouteGroup\n    name: rg\n`,
      want: [['OSM_CRD_REQUIRED', 'error', 'spec.matches[0].apiGroup', 'f0.yaml', '- kind: HTTPRouteGroup']],
    },
  ])('$name', ({body, want}) => {
    const text = egressYaml(body)
    expect(codes(diagnose(text))).toEqual(lines(text, want))
  })

  test("messages are the API server's", () => {
    const [d] = diagnose(egressYaml(`${SOURCES}  ports:\n  - number: 0\n    protocol: http\n`))
    expect(`${d.field}: ${d.message}`).toBe('spec.ports[0].number: Invalid value: 0: spec.ports[0].number in body should be greater than or equal to 1')
  })

  test('an unserved version', () => {
    const text = egressYaml(`${SOURCES}  ports: []\n`).replace('v1alpha1', 'v1beta1')
    expect(codes(diagnose(text))).toEqual([['OSM_VERSION_NOT_SERVED', 'error', 'apiVersion', 'f0.yaml', lineIn(text, 'apiVersion: policy')]])
  })
})

describe('OSM admission webhook (osm.md §1.2)', () => {
  const withMatches = (matches: string) => egressYaml(`${SOURCES}  ports: []\n  matches:\n${matches}`)
  test.each([
    {
      name: 'apiGroup without version',
      matches: `  - apiGroup: specs.smi-spec.io\n    kind: HTTPRouteGroup\n    name: rg\n`,
      want: [['OSM_WEBHOOK_MATCH_API_GROUP', 'error', 'spec.matches[0].apiGroup', 'f0.yaml', 'apiGroup: specs.smi-spec.io']],
    },
    {
      name: 'wrong kind for SMI',
      matches: `  - apiGroup: specs.smi-spec.io/v1alpha4\n    kind: HTTPRoute\n    name: rg\n`,
      want: [['OSM_WEBHOOK_MATCH_KIND', 'error', 'spec.matches[0].kind', 'f0.yaml', '    kind: HTTPRoute']],
    },
    {
      name: 'two UpstreamTrafficSettings',
      matches: `  - apiGroup: policy.openservicemesh.io/v1alpha1\n    kind: UpstreamTrafficSetting\n    name: a\n  - apiGroup: policy.openservicemesh.io/v1alpha1\n    kind: UpstreamTrafficSetting\n    name: b\n`,
      want: [['OSM_WEBHOOK_MULTIPLE_UTS', 'error', 'spec.matches', 'f0.yaml', '  matches:']],
    },
  ])('$name', ({matches, want}) => {
    const text = withMatches(matches)
    expect(codes(diagnose(text).filter((d) => d.severity === 'error'))).toEqual(lines(text, want))
  })

  test('the webhook message is exact', () => {
    const [d] = diagnose(withMatches(`  - apiGroup: specs.smi-spec.io\n    kind: HTTPRouteGroup\n    name: rg\n`))
    expect(d.message).toBe(
      'admission webhook "osm-validator.k8s.io" denied the request: Expected \'matches.apiGroup\' to be one of [specs.smi-spec.io/v1alpha4 policy.openservicemesh.io/v1alpha1], got: specs.smi-spec.io',
    )
  })

  test('not registered for unmonitored namespaces: the Egress is ignored instead', () => {
    const other = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n`
    const egress = egressYaml(`${SOURCES}  ports: []\n  matches:\n  - apiGroup: x\n    kind: k\n    name: z\n`, 'e', 'other')
    expect(codes(diagnose(other, egress))).toEqual([['OSM_NAMESPACE_NOT_MONITORED', 'warning', 'metadata.namespace', 'f1.yaml', lineIn(egress, 'namespace: other')]])
  })
})

describe('accepted but inert or harmful (warnings)', () => {
  test.each([
    {
      name: 'unknown protocol',
      body: `${SOURCES}  hosts: [a.com]\n  ports:\n  - number: 80\n    protocol: grpc\n`,
      want: [['OSM_PROTOCOL_UNKNOWN', 'spec.ports[0].protocol', 'protocol: grpc']],
    },
    {
      name: 'upper-case protocol',
      body: `${SOURCES}  hosts: [a.com]\n  ports:\n  - number: 80\n    protocol: HTTP\n`,
      want: [['OSM_PROTOCOL_CASE', 'spec.ports[0].protocol', 'protocol: HTTP']],
    },
    {
      name: 'CIDRs the pattern lets through, all of them',
      body: `${SOURCES}  ipAddresses:\n  - x10.0.0.0/8\n  - 10.0.0.0/33\n  ports:\n  - number: 22\n    protocol: tcp\n`,
      want: [
        ['OSM_BAD_CIDR', 'spec.ipAddresses[0]', '- x10.0.0.0/8'],
        ['OSM_BAD_CIDR', 'spec.ipAddresses[1]', '- 10.0.0.0/33'],
        ['OSM_CIDRS_FAIL_OPEN', 'spec.ipAddresses', 'ipAddresses:'],
      ],
    },
    {
      name: 'ipAddresses on http',
      body: `${SOURCES}  hosts: [a.com]\n  ipAddresses:\n  - 10.0.0.0/8\n  ports:\n  - number: 80\n    protocol: http\n`,
      want: [['OSM_IPS_IGNORED_ON_HTTP', 'spec.ipAddresses', 'ipAddresses:']],
    },
    {name: 'hosts on tcp', body: `${SOURCES}  hosts:\n  - a.com\n  ports:\n  - number: 443\n    protocol: tcp\n`, want: [['OSM_HOSTS_IGNORED_ON_TCP', 'spec.hosts', 'hosts:']]},
    {name: 'http without hosts', body: `${SOURCES}  ports:\n  - number: 80\n    protocol: http\n`, want: [['OSM_HTTP_NO_HOSTS', 'spec.ports[0]', '- number: 80']]},
    {
      name: 'IDN host: clients send the A-label',
      body: `${SOURCES}  hosts:\n  - bücher.example\n  ports:\n  - number: 80\n    protocol: http\n`,
      want: [['OSM_HOST_NOT_ASCII', 'spec.hosts[0]', '- bücher.example']],
    },
    {
      name: 'wildcard http host',
      body: `${SOURCES}  hosts:\n  - "*.example.com"\n  ports:\n  - number: 80\n    protocol: http\n`,
      want: [['OSM_HOST_WILDCARD_HTTP', 'spec.hosts[0]', '"*.example.com"']],
    },
    {
      name: 'missing HTTPRouteGroup and UpstreamTrafficSetting',
      body: `${SOURCES}  hosts: [a.com]\n  ports:\n  - number: 80\n    protocol: http\n  matches:\n  - apiGroup: specs.smi-spec.io/v1alpha4\n    kind: HTTPRouteGroup\n    name: rg\n  - apiGroup: policy.openservicemesh.io/v1alpha1\n    kind: UpstreamTrafficSetting\n    name: uts\n`,
      want: [
        ['OSM_HTTPROUTEGROUP_MISSING', 'spec.matches[0].name', 'name: rg'],
        ['OSM_UTS_MISSING', 'spec.matches[1].name', 'name: uts'],
      ],
    },
  ])('$name', ({body, want}) => {
    const text = egressYaml(body)
    const ds = diagnose(text)
    expect(ds.every((d) => d.severity === 'warning')).toBe(true)
    expect(ds.map((d) => [d.code, d.field, d.source.line])).toEqual(lines(text, want))
  })

  test('osm-edge lower-cases protocols; its http ipAddresses are not ignored but never work (Pipy dials the range with mesh mTLS)', () => {
    const body = `${SOURCES}  hosts: [a.com]\n  ipAddresses:\n  - 10.0.0.0/8\n  ports:\n  - number: 80\n    protocol: HTTP\n`
    const set = {resources: [...load(NAMESPACE), ...load(egressYaml(body))]}
    expect(validateOsm(set).map((d) => d.code)).toEqual(['OSM_PROTOCOL_CASE', 'OSM_IPS_IGNORED_ON_HTTP'])
    expect(validateOsm(set, {mesh: 'osm-edge'}).map((d) => [d.code, d.field, d.source.line])).toEqual([
      ['OSM_EDGE_IPS_NEVER_WORK', 'spec.ipAddresses', lineIn(egressYaml(body), 'ipAddresses:')],
    ])
  })

  test('the same host on one port in two policies: warned on the second host', () => {
    const body = `${SOURCES}  hosts:\n  - httpbin.org\n  ports:\n  - number: 80\n    protocol: http\n`
    const ds = diagnose(egressYaml(body, 'a'), egressYaml(body, 'b'))
    expect(ds.map((d) => [d.code, d.object?.name, d.source.file, d.source.line])).toEqual([['OSM_DUPLICATE_HOST', 'b', 'f1.yaml', lineIn(egressYaml(body, 'b'), '- httpbin.org')]])
  })

  test('overlapping chains: warned on the second port', () => {
    const tcp = `${SOURCES}  ports:\n  - number: 443\n    protocol: tcp\n`
    const https = `${SOURCES}  ports:\n  - number: 80\n    protocol: tcp\n  - number: 443\n    protocol: https\n`
    const ds = diagnose(egressYaml(tcp, 'a'), egressYaml(https, 'b'))
    expect(ds.map((d) => [d.code, d.object?.name, d.field, d.source.file, d.source.line])).toEqual([
      ['OSM_OVERLAPPING_CHAINS', 'b', 'spec.ports[1]', 'f1.yaml', lineIn(egressYaml(https, 'b'), '- number: 443')],
    ])
  })
})

describe('osm-edge: the same objects as Pipy reads them (osm.md §8)', () => {
  const edge = (...docs: string[]) => validateOsm({resources: [...load(NAMESPACE), ...docs.flatMap((d, i) => load(d, `f${i}.yaml`))]}, {mesh: 'osm-edge'})

  test.each([
    {
      name: 'http without hosts: 403, not 404',
      body: `${SOURCES}  ports:\n  - number: 80\n    protocol: http\n`,
      want: [['OSM_HTTP_NO_HOSTS', 'spec.ports[0]', '- number: 80', /403/]],
    },
    {
      name: 'a wildcard host is looked up as written',
      body: `${SOURCES}  hosts:\n  - "*.example.com"\n  ports:\n  - number: 80\n    protocol: http\n`,
      want: [['OSM_HOST_WILDCARD_HTTP', 'spec.hosts[0]', '"*.example.com"', /no wildcard/]],
    },
    {
      name: 'an unparsable CIDR on a tcp port breaks the port instead of failing open',
      body: `${SOURCES}  ipAddresses:\n  - x10.0.0.0/8\n  ports:\n  - number: 22\n    protocol: tcp\n`,
      want: [['OSM_BAD_CIDR', 'spec.ipAddresses[0]', '- x10.0.0.0/8', /Netmask/]],
    },
    {
      name: 'ipAddresses on https never work either',
      body: `${SOURCES}  hosts: [a.com]\n  ipAddresses:\n  - 10.0.0.0/8\n  ports:\n  - number: 443\n    protocol: https\n`,
      want: [['OSM_EDGE_IPS_NEVER_WORK', 'spec.ipAddresses', 'ipAddresses:', /443\/https/]],
    },
  ])('$name', ({body, want}) => {
    const text = egressYaml(body)
    expect(edge(text).map((d) => [d.code, d.field, d.source.line, d.message])).toEqual(
      want.map(([c, f, at, m]) => [c, f, lineIn(text, at as string), expect.stringMatching(m as RegExp)]),
    )
  })

  test('no Envoy NACK findings; the same host twice is fine (the routes merge)', () => {
    const body = `${SOURCES}  hosts:\n  - httpbin.org\n  ports:\n  - number: 80\n    protocol: http\n`
    expect(edge(egressYaml(body, 'a'), egressYaml(body, 'b'))).toEqual([])
  })

  test("a tcp port that takes another policy's ipAddresses: warned on the policy it narrows", () => {
    const any = `${SOURCES}  ports:\n  - number: 5432\n    protocol: tcp\n`
    const ten = `${SOURCES}  ipAddresses:\n  - 10.0.0.0/8\n  ports:\n  - number: 5432\n    protocol: tcp\n`
    expect(edge(egressYaml(any, 'any'), egressYaml(ten, 'ten')).map((d) => [d.code, d.object?.name, d.field, d.source.file, d.source.line])).toEqual([
      ['OSM_EDGE_RANGES_MERGED', 'any', 'spec.ports[0]', 'f0.yaml', lineIn(egressYaml(any, 'any'), '- number: 5432')],
    ])
  })

  test("an https and a tcp policy on one port: the order Go's map iteration leaves open", () => {
    const web = `${SOURCES}  hosts: [foo.com]\n  ports:\n  - number: 100\n    protocol: https\n`
    const raw = `${SOURCES}  ports:\n  - number: 100\n    protocol: tcp\n`
    expect(edge(egressYaml(web, 'web'), egressYaml(raw, 'raw')).map((d) => [d.code, d.object?.name])).toEqual([['OSM_EDGE_ORDER_OPEN', 'web']])
  })

  test("HTTPRouteGroup regexes go to Pipy, not to Envoy's RE2: no RE2 finding", () => {
    const hrg = `apiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\nmetadata:\n  name: rg\n  namespace: curl\nspec:\n  matches:\n  - name: m\n    pathRegex: "(?<=a)b"\n`
    expect(diagnose(hrg).map((d) => d.code)).toEqual(['OSM_REGEX_NOT_RE2'])
    expect(edge(hrg)).toEqual([])
  })

  test('validateOsmFlavours tags what differs and keeps what is the same once', () => {
    const body = `${SOURCES}  ports:\n  - number: 0\n    protocol: http\n  - number: 80\n    protocol: http\n`
    const ds = validateOsmFlavours({resources: [...load(NAMESPACE), ...load(egressYaml(body))]})
    expect(ds.map((d) => [d.code, d.meshes ?? 'all'])).toEqual([['OSM_CRD_MINIMUM', 'all']])
    const ok = `${SOURCES}  ports:\n  - number: 80\n    protocol: http\n`
    const warned = validateOsmFlavours({resources: [...load(NAMESPACE), ...load(egressYaml(ok))]})
    expect(warned.map((d) => [d.code, d.meshes])).toEqual([
      ['OSM_HTTP_NO_HOSTS', ['osm']],
      ['OSM_HTTP_NO_HOSTS', ['osm-edge']],
    ])
  })
})

describe('HTTPRouteGroup and MeshConfig', () => {
  test('matches required, methods enum, single-key header elements', () => {
    const hrg = (spec: string) => `apiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\nmetadata:\n  name: rg\n  namespace: curl\nspec:\n${spec}`
    const empty = hrg('  {}\n')
    expect(codes(diagnose(empty))).toEqual([['OSM_CRD_REQUIRED', 'error', 'spec.matches', 'f0.yaml', lineIn(empty, 'spec:')]])
    const methods = hrg('  matches:\n  - name: m\n    methods: [GET, get]\n')
    expect(codes(diagnose(methods))).toEqual([['OSM_CRD_ENUM', 'error', 'spec.matches[0].methods[1]', 'f0.yaml', lineIn(methods, 'methods:')]])
    const headers = hrg('  matches:\n  - name: m\n    headers:\n    - user-agent: curl\n    - a: "1"\n      b: "2"\n')
    expect(codes(diagnose(headers))).toEqual([['OSM_HEADER_ELEMENT_KEYS', 'warning', 'spec.matches[0].headers[1]', 'f0.yaml', lineIn(headers, '- a: "1"')]])
  })

  test('MeshConfig: schema, egress policy switched off, passthrough over policies', () => {
    const mc = (spec: string) => `apiVersion: config.openservicemesh.io/v1alpha2\nkind: MeshConfig\nmetadata:\n  name: osm-mesh-config\n  namespace: osm-system\nspec:\n${spec}`
    const exclusion = mc('  traffic:\n    outboundPortExclusionList: [0]\n')
    expect(codes(diagnose(exclusion))).toEqual([
      ['OSM_CRD_MINIMUM', 'error', 'spec.traffic.outboundPortExclusionList[0]', 'f0.yaml', lineIn(exclusion, 'outboundPortExclusionList')],
    ])
    const policy = egressYaml(`${SOURCES}  ports:\n  - number: 443\n    protocol: tcp\n`)
    const switches = mc('  traffic:\n    enableEgress: true\n  featureFlags:\n    enableEgressPolicy: false\n')
    expect(codes(diagnose(switches, policy))).toEqual([
      ['OSM_EGRESS_POLICY_DISABLED', 'warning', 'spec.featureFlags.enableEgressPolicy', 'f0.yaml', lineIn(switches, 'enableEgressPolicy: false')],
      ['OSM_PASSTHROUGH_WITH_POLICIES', 'warning', 'spec.traffic.enableEgress', 'f0.yaml', lineIn(switches, 'enableEgress: true')],
    ])
  })
})

describe('OSM v1.2.4 CRD schema bits (cmd/osm-bootstrap/crds)', () => {
  const mc = (spec: string, version = 'v1alpha2') =>
    `apiVersion: config.openservicemesh.io/${version}\nkind: MeshConfig\nmetadata:\n  name: osm-mesh-config\n  namespace: osm-system\nspec:\n${spec}`
  const uts = (spec: string) =>
    `apiVersion: policy.openservicemesh.io/v1alpha1\nkind: UpstreamTrafficSetting\nmetadata:\n  name: u\n  namespace: curl\nspec:\n  host: httpbin.org\n${spec}`

  test('UpstreamTrafficSetting: a rate-limited response must be an error status (400–599)', () => {
    const local = uts('  rateLimit:\n    local:\n      http:\n        requests: 10\n        unit: minute\n        responseStatusCode: 200\n')
    expect(codes(diagnose(local))).toEqual([['OSM_CRD_MINIMUM', 'error', 'spec.rateLimit.local.http.responseStatusCode', 'f0.yaml', lineIn(local, 'responseStatusCode: 200')]])
    const route = uts('  httpRoutes:\n  - path: /x\n    rateLimit:\n      local:\n        requests: 1\n        unit: second\n        responseStatusCode: 600\n')
    expect(codes(diagnose(route))).toEqual([
      ['OSM_CRD_MAXIMUM', 'error', 'spec.httpRoutes[0].rateLimit.local.responseStatusCode', 'f0.yaml', lineIn(route, 'responseStatusCode: 600')],
    ])
  })

  // What the schema says; v1alpha1's deprecation warning is test/validate/deprecated-versions.test.ts's.
  const schemaCodes = (text: string) => codes(diagnose(text)).filter(([code]) => code !== 'OSM_VERSION_DEPRECATED')

  test('MeshConfig: certificate needs certKeyBitSize', () => {
    for (const version of ['v1alpha2', 'v1alpha1']) {
      const text = mc('  certificate:\n    serviceCertValidityDuration: 24h\n', version)
      expect(schemaCodes(text)).toEqual([['OSM_CRD_REQUIRED', 'error', 'spec.certificate.certKeyBitSize', 'f0.yaml', lineIn(text, 'certificate:')]])
    }
  })

  test('MeshConfig: TLS versions are spelled TLSv1_2, not TLSV1_2 (v1alpha2; v1alpha1 has no such field)', () => {
    expect(codes(diagnose(mc('  sidecar:\n    tlsMinProtocolVersion: TLSv1_2\n    tlsMaxProtocolVersion: TLSv1_3\n')))).toEqual([])
    const upper = mc('  sidecar:\n    tlsMinProtocolVersion: TLSV1_2\n')
    expect(codes(diagnose(upper))).toEqual([['OSM_CRD_ENUM', 'error', 'spec.sidecar.tlsMinProtocolVersion', 'f0.yaml', lineIn(upper, 'tlsMinProtocolVersion')]])
    expect(schemaCodes(mc('  sidecar:\n    tlsMinProtocolVersion: TLSV1_2\n', 'v1alpha1'))).toEqual([])
  })
})
