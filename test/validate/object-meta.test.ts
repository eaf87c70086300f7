import {describe, expect, test} from 'vitest'
import {parseResources} from '../../src/load/parse.js'
import {validate} from '../../src/validate/index.js'

/** [field, line, message] of every metadata error for the objects in `yaml`, through the real loader. */
function diagnose(yaml: string) {
  const {resources, diagnostics} = parseResources(yaml, 'm.yaml')
  expect(diagnostics).toEqual([])
  return validate({resources})
    .filter((d) => d.severity === 'error' && d.field.startsWith('metadata'))
    .map((d) => [d.field, d.source.line, d.message])
}

const egress = (metadata: string) => `apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata:
${metadata}
spec:
  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
  hosts: [httpbin.org]
  ports: [{number: 443, protocol: https}]
`

// The messages as apimachinery builds them: validation.RegexError(msg, fmt, examples...) and MaxLenError.
const SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'
const SUBDOMAIN = `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${SUBDOMAIN_FMT}')`
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
const KEY_NAME =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"

describe('metadata as the API server validates it (apimachinery ValidateObjectMetaAccessor)', () => {
  test('names of custom resources are DNS-1123 subdomains of at most 253 characters', () => {
    expect(diagnose(egress('  name: Bad_Name\n  namespace: curl'))).toEqual([['metadata.name', 4, `Invalid value: "Bad_Name": ${SUBDOMAIN}`]])
    expect(diagnose(egress(`  name: ${'a'.repeat(253)}\n  namespace: curl`))).toEqual([])
    expect(diagnose(egress(`  name: ${'a'.repeat(254)}\n  namespace: curl`))).toEqual([
      ['metadata.name', 4, `Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`],
    ])
    expect(diagnose(egress('  name: a.b-c\n  namespace: curl'))).toEqual([])
  })

  test('a Namespace name is a DNS-1123 label: dots say so; the namespace of an object is checked the same way', () => {
    expect(diagnose('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team.a\n')).toEqual([['metadata.name', 4, 'Invalid value: "team.a": must not contain dots']])
    expect(diagnose('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Team\n')).toEqual([['metadata.name', 4, `Invalid value: "Team": ${LABEL}`]])
    expect(diagnose(egress('  name: x\n  namespace: Team_A'))).toEqual([['metadata.namespace', 5, `Invalid value: "Team_A": ${LABEL}`]])
  })

  test('a Service name is a DNS-1035 label: it cannot start with a digit', () => {
    const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  ports: [{port: 80}]\n`
    expect(diagnose(svc('web'))).toEqual([])
    expect(diagnose(svc('1web'))).toEqual([
      [
        'metadata.name',
        4,
        `Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ])
  })

  test("label keys are qualified names and values at most 63 characters; each error on the label's line", () => {
    expect(diagnose(egress('  name: x\n  namespace: curl\n  labels:\n    ok: fine\n    -x: v\n    a/b/c: v\n    v: ' + 'z'.repeat(64)))).toEqual([
      ['metadata.labels', 8, `Invalid value: "-x": ${KEY_NAME}`],
      [
        'metadata.labels',
        9,
        "Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
      ['metadata.labels', 10, `Invalid value: "${'z'.repeat(64)}": must be no more than 63 characters`],
    ])
    expect(diagnose(egress('  name: x\n  namespace: curl\n  labels:\n    /x: v'))).toEqual([['metadata.labels', 7, 'Invalid value: "/x": prefix part must be non-empty']])
  })

  test('annotation keys are qualified names in any case; all of them together at most 256 KiB', () => {
    expect(diagnose(egress('  name: x\n  namespace: curl\n  annotations:\n    Example.COM/Key: v'))).toEqual([])
    const near = 256 * 1024 - 'k'.length
    expect(diagnose(egress(`  name: x\n  namespace: curl\n  annotations:\n    k: ${'v'.repeat(near)}`))).toEqual([])
    expect(diagnose(egress(`  name: x\n  namespace: curl\n  annotations:\n    k: ${'v'.repeat(near + 1)}`))).toEqual([
      ['metadata.annotations', 6, 'Too long: may not be more than 262144 bytes'],
    ])
  })

  test('an object with an invalid name is rejected as a whole: the mesh checks never see it', () => {
    const {resources} = parseResources(egress('  name: Bad_Name\n  namespace: curl'), 'm.yaml')
    expect(
      validate({resources})
        .filter((d) => d.severity === 'error')
        .map((d) => d.code),
    ).toEqual(['K8S_INVALID'])
  })
})
