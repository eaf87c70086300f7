/**
 * The CEL rules (x-kubernetes-validations) of the Istio CRDs, evaluated as the API server does
 * (k8s.io/apiextensions-apiserver pkg/apiserver/schema/cel/validation.go): `<field>: Invalid value: "<type>":
 * <message>`. The rules themselves are checked against the CRDs in crd-schema.test.ts; these cases are
 * written after the CRDs' own validation test data (istio/istio pkg/config/validation/testdata/crds).
 */
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import {parseResources} from '../../src/load/parse.js'
import {formatDiagnostic} from '../../src/model/diagnostic.js'
import {validateIstio} from '../../src/validate/istio.js'
import type {IstioVersion} from '../../sim/compile/istio/version.js'
import {ROOT, runCli} from '../helpers/cli.js'

function errors(kind: string, spec: Record<string, unknown> | undefined, version?: IstioVersion): string[] {
  const text = stringify({apiVersion: 'networking.istio.io/v1', kind, metadata: {name: 'x', namespace: 'default'}, ...(spec ? {spec} : {})})
  const {resources} = parseResources(text, 'x.yaml')
  return validateIstio({resources}, version)
    .filter((d) => d.severity === 'error')
    .map((d) => formatDiagnostic(d).replace(/^x\.yaml:\d+: \w+\/default\/x: /, ''))
}

const http = {number: 80, name: 'http', protocol: 'HTTP'}

describe('CRD rules, as the API server words them', () => {
  test.each([
    {name: 'no spec at all', kind: 'ServiceEntry', spec: undefined, want: ['spec: Required value']},
    {
      name: 'a wildcard in a selector value',
      kind: 'ServiceEntry',
      spec: {hosts: ['example.com'], workloadSelector: {labels: {app: 'x*'}}},
      want: ['spec.workloadSelector.labels.app: Invalid value: "string": wildcard is not supported in selector'],
    },
    {
      name: 'selector and endpoints (resolution NONE by default)',
      kind: 'ServiceEntry',
      spec: {hosts: ['example.com'], workloadSelector: {}, endpoints: [{address: '1.2.3.4'}]},
      want: ['spec: Invalid value: "object": only one of WorkloadSelector or Endpoints can be set', 'spec: Invalid value: "object": NONE mode cannot set endpoints'],
    },
    {name: 'the "*" host', kind: 'ServiceEntry', spec: {hosts: ['*']}, want: ['spec.hosts[0]: Invalid value: "string": hostname cannot be wildcard']},
    {
      name: 'a CIDR with DNS resolution',
      kind: 'ServiceEntry',
      spec: {hosts: ['example.com'], addresses: ['10.0.0.0/16'], resolution: 'DNS'},
      want: ['spec: Invalid value: "object": CIDR addresses are allowed only for NONE/STATIC resolution types'],
    },
    {
      name: 'two ports with one name (list-map key)',
      kind: 'ServiceEntry',
      spec: {
        hosts: ['example.com'],
        ports: [
          {name: 'a', number: 1},
          {name: 'a', number: 2},
        ],
      },
      want: ['spec.ports[1]: Duplicate value: map[string]interface {}{"name":"a"}'],
    },
    {
      name: 'two ports with one number',
      kind: 'ServiceEntry',
      spec: {
        hosts: ['example.com'],
        ports: [
          {name: 'a', number: 1},
          {name: 'b', number: 1},
        ],
      },
      want: ['spec.ports: Invalid value: "array": port number cannot be duplicated'],
    },
    {
      name: 'port numbers out of range',
      kind: 'ServiceEntry',
      spec: {hosts: ['example.com'], ports: [{name: 'a', number: 70000, targetPort: 0}]},
      want: ['spec.ports[0].number: Invalid value: "integer": port must be between 1-65535', 'spec.ports[0].targetPort: Invalid value: "integer": port must be between 1-65535'],
    },
    {
      name: 'DNS_ROUND_ROBIN with two endpoints',
      kind: 'ServiceEntry',
      spec: {hosts: ['example.com'], resolution: 'DNS_ROUND_ROBIN', endpoints: [{address: 'a.example.com'}, {address: 'b.example.com'}]},
      want: ['spec: Invalid value: "object": DNS_ROUND_ROBIN mode cannot have multiple endpoints'],
    },
    {
      name: 'unix endpoints',
      kind: 'ServiceEntry',
      spec: {hosts: ['example.com'], resolution: 'STATIC', endpoints: [{address: 'unix://rel/x.sock'}, {address: 'unix:///dir/', ports: {http: 80}}, {labels: {a: 'b'}}]},
      want: [
        'spec.endpoints[0].address: Invalid value: "string": UDS must be an absolute path or abstract socket',
        'spec.endpoints[1]: Invalid value: "object": UDS may not include ports',
        'spec.endpoints[1].address: Invalid value: "string": UDS may not be a dir',
        'spec.endpoints[2]: Invalid value: "object": Address is required',
      ],
    },
    {
      name: 'a duration finer than 1 ms',
      kind: 'VirtualService',
      spec: {hosts: ['a.example.com'], http: [{timeout: '100us', route: [{destination: {host: 'a.example.com'}}]}]},
      want: ['spec.http[0].timeout: Invalid value: "string": must be a valid duration greater than 1ms'],
    },
    {
      name: 'a duration Go cannot parse',
      kind: 'VirtualService',
      spec: {hosts: ['a.example.com'], http: [{timeout: '10', route: [{destination: {host: 'a.example.com'}}]}]},
      want: ['spec.http[0].timeout: Invalid value: "string": time: invalid duration "10" evaluating rule: must be a valid duration greater than 1ms'],
    },
    {
      name: 'warmup bounds and its required duration',
      kind: 'DestinationRule',
      spec: {host: 'a.example.com', trafficPolicy: {loadBalancer: {warmup: {minimumPercent: 150, aggression: -0.5}}}},
      want: [
        'spec.trafficPolicy.loadBalancer.warmup.duration: Required value',
        'spec.trafficPolicy.loadBalancer.warmup.minimumPercent: Invalid value: 150: spec.trafficPolicy.loadBalancer.warmup.minimumPercent in body should be less than or equal to 100',
        'spec.trafficPolicy.loadBalancer.warmup.aggression: Invalid value: -0.5: spec.trafficPolicy.loadBalancer.warmup.aggression in body should be greater than or equal to 0',
      ],
    },
    {
      name: 'wildcards and empty keys in a DestinationRule selector',
      kind: 'DestinationRule',
      spec: {host: 'a.example.com', workloadSelector: {matchLabels: {'a*': 'b*', '': 'c'}}},
      want: [
        'spec.workloadSelector.matchLabels: Invalid value: "object": wildcard not allowed in label key match',
        'spec.workloadSelector.matchLabels: Invalid value: "object": key must not be empty',
        'spec.workloadSelector.matchLabels.a*: Invalid value: "string": wildcard not allowed in label value match',
      ],
    },
    {
      name: 'credentialName and credentialNames together',
      kind: 'Gateway',
      spec: {servers: [{port: {number: 443, name: 'https', protocol: 'HTTPS'}, hosts: ['*'], tls: {mode: 'SIMPLE', credentialName: 'a', credentialNames: ['b']}}]},
      want: ['spec.servers[0].tls: Invalid value: "object": only one of credentialName or credentialNames can be set'],
    },
  ])('$name', ({kind, spec, want}) => {
    expect(errors(kind, spec)).toEqual(want)
  })

  // Answers of a kube-apiserver (v1.20.2, ../shared/tools/kube-apiserver) given these CRDs without their CEL rules.
  test('oneOf: two of exact/prefix/regex, two delays', () => {
    expect(
      errors('VirtualService', {
        hosts: ['a.example.com'],
        http: [
          {
            match: [{uri: {exact: '/a', prefix: '/b'}, headers: {a: {exact: '1', regex: '2'}}}],
            fault: {delay: {fixedDelay: '1s', exponentialDelay: '2s'}},
            route: [{destination: {host: 'a.example.com'}}],
          },
        ],
      }),
    ).toEqual([
      '<nil>: Invalid value: "": "spec.http.match.uri" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      '<nil>: Invalid value: "": "spec.http.match.headers.a" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      '<nil>: Invalid value: "": "spec.http.fault.delay" must validate one and only one schema (oneOf). Found 2 valid alternatives',
    ])
  })

  test('oneOf under allOf: a load balancer both simple and hashed, hashed on two keys', () => {
    expect(
      errors('DestinationRule', {host: 'a.example.com', trafficPolicy: {loadBalancer: {simple: 'ROUND_ROBIN', consistentHash: {useSourceIp: true, httpHeaderName: 'x'}}}}),
    ).toEqual([
      '<nil>: Invalid value: "": "spec.trafficPolicy.loadBalancer" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      '<nil>: Invalid value: "": "spec.trafficPolicy.loadBalancer.consistentHash" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      '<nil>: Invalid value: "": "spec.trafficPolicy.loadBalancer.consistentHash" must validate all the schemas (allOf)',
    ])
  })

  test('a value of the wrong type stops the rules from being evaluated', () => {
    expect(errors('ServiceEntry', {hosts: ['*'], ports: 'http'})).toEqual([
      'spec.ports: Invalid value: "string": spec.ports in body must be of type array: "string"',
      'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ])
  })

  test('the CRDs of 1.22 carry no rules: istiod words the problem', () => {
    expect(errors('ServiceEntry', {hosts: ['*'], resolution: 'NONE', ports: [http]}, '1.22')).toEqual(['spec.hosts[0]: invalid host *'])
  })

  test('a rule added in 1.24 does not apply to 1.23', () => {
    expect(errors('ServiceEntry', {hosts: ['example.com'], addresses: ['10.0.0.0/16'], resolution: 'DNS', ports: [http]}, '1.23')).toEqual([
      'spec.addresses[0]: CIDR addresses are allowed only for NONE/STATIC resolution types',
    ])
  })

  test('a rule dropped in 1.26: tcp idleTimeout "0s"', () => {
    const spec = {host: 'a.example.com', trafficPolicy: {connectionPool: {tcp: {idleTimeout: '0s'}}}}
    expect(errors('DestinationRule', spec, '1.25')).toEqual([
      'spec.trafficPolicy.connectionPool.tcp.idleTimeout: Invalid value: "string": must be a valid duration greater than 1ms',
    ])
    expect(errors('DestinationRule', spec, '1.26')).toEqual([])
  })
})

describe('the CEL evaluator loads only when an Istio object is validated', () => {
  // A fresh process: whether @bufbuild/cel is in its require cache after validating each input.
  const loaded = (yaml: string) =>
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
    import {createRequire} from 'node:module'
    const {parseResources} = await import(${JSON.stringify(join(ROOT, 'dist/src/load/parse.js'))})
    const {validate} = await import(${JSON.stringify(join(ROOT, 'dist/src/validate/index.js'))})
    validate({resources: parseResources(${JSON.stringify(yaml)}, 'x.yaml').resources})
    const cache = createRequire(import.meta.url).cache
    process.stdout.write(String(Object.keys(cache).some((k) => k.includes('@bufbuild/cel'))))
  `,
      ],
      {encoding: 'utf8'},
    )

  test('OSM objects only: not loaded', () => {
    expect(
      loaded(
        'apiVersion: policy.openservicemesh.io/v1alpha1\nkind: Egress\nmetadata: {name: e, namespace: default}\nspec:\n  sources: [{kind: ServiceAccount, name: a, namespace: default}]\n  hosts: [httpbin.org]\n  ports: [{number: 80, protocol: http}]\n',
      ),
    ).toBe('false')
  })
  test('a ServiceEntry: loaded', () => {
    expect(loaded('apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: e, namespace: default}\nspec:\n  hosts: [httpbin.org]\n')).toBe('true')
  })
})

describe('kubectl egress validate --istio-version (built CLI)', () => {
  const se =
    'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: e, namespace: default}\nspec:\n  hosts: ["*"]\n  resolution: NONE\n  ports: [{number: 80, name: http, protocol: HTTP}]\n'
  test('the newest release: the CRD rule answers; 1.22: istiod does', async () => {
    const newest = await runCli(['validate', '-f', '-'], {input: se})
    const old = await runCli(['validate', '-f', '-', '--istio-version', '1.22'], {input: se})
    expect([newest.status, newest.stdout.trim()]).toEqual([
      2,
      '<stdin>:5: ServiceEntry/default/e: spec.hosts[0]: Invalid value: "string": hostname cannot be wildcard  [ISTIO_CRD_RULE]',
    ])
    expect([old.status, old.stdout.trim().replace(/ {2}\[\w+\]$/, '')]).toEqual([2, '<stdin>:5: ServiceEntry/default/e: spec.hosts[0]: invalid host *'])
  })
})
