/**
 * YAML as kubectl reads it, proven against kubectl itself and a real kube-apiserver: a file of YAML 1.1
 * cases (test/load/fixtures/kubectl-yaml.yaml) is applied with kubectl to a CRD that keeps every field,
 * and what the server stored must be what `parseResources` loaded. Files that kubectl refuses must be
 * refused by the loader too.
 */
import {execFile, execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parseResources} from '../../src/load/parse.js'
import {storedSet} from '../../src/validate/stored.js'
import {ROOT} from '../helpers/cli.js'
import {apiserverMissing, startApiserver} from './apiserver.js'

const CASES = join(ROOT, 'test', 'load', 'fixtures', 'kubectl-yaml.yaml')
const kubectlMissing =
  !process.env.CI &&
  !(() => {
    try {
      execFileSync('kubectl', ['version', '--client'], {stdio: 'ignore'})
      return true
    } catch {
      return false
    }
  })()
if (kubectlMissing) process.stderr.write('test/e2e/kubectl-yaml: skipped: kubectl is not on PATH\n')

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: cases.yaml.example.com
spec:
  group: yaml.example.com
  scope: Namespaced
  names: {plural: cases, singular: case, kind: Case, listKind: CaseList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`

let server: {kubeconfig: string; stop: () => void} | undefined
let tmp: string

function kubectl(args: string[]): Promise<{status: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile('kubectl', args, {env: {...process.env, KUBECONFIG: server!.kubeconfig}, maxBuffer: 64 << 20}, (err, stdout, stderr) => {
      resolve({status: err ? Number((err as {code?: number}).code ?? 1) : 0, stdout, stderr})
    })
  })
}

/** Map keys sorted: the server returns JSON objects in its own key order. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, canonical(x)]),
    )
  return v
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

describe.skipIf(apiserverMissing || kubectlMissing)('YAML as kubectl reads it, against kubectl and a real kube-apiserver', () => {
  beforeAll(async () => {
    server = startApiserver('kubectl-yaml')
    tmp = mkdtempSync(join(tmpdir(), 'e2e-yaml-'))
    writeFileSync(join(tmp, 'crd.yaml'), CRD)
    expect((await kubectl(['apply', '-f', join(tmp, 'crd.yaml')])).status).toBe(0)
    const established = await kubectl(['wait', '--for', 'condition=established', '--timeout=60s', 'crd/cases.yaml.example.com'])
    expect(established.status, established.stderr).toBe(0)
  }, 180_000)

  afterAll(() => {
    server?.stop()
    if (tmp) rmSync(tmp, {recursive: true, force: true})
  })

  test('every case kubectl applied is stored exactly as the loader read it', async () => {
    const applied = await kubectl(['apply', '-f', CASES])
    expect(applied.status, applied.stderr).toBe(0)
    const stored = JSON.parse((await kubectl(['get', 'cases', '-n', 'default', '-o', 'json'])).stdout) as {items: Array<{metadata: {name: string}; spec: unknown}>}
    const loaded = parseResources(readFileSync(CASES, 'utf8'), CASES)
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(stored.items.map((i) => i.metadata.name).sort()).toEqual(loaded.resources.map((r) => r.metadata.name).sort())
    // What kubectl sent, as the server keeps it: map fields set to null are pruned (validate/stored.ts).
    const kept = storedSet({resources: loaded.resources}).resources
    for (const item of stored.items) {
      const ours = kept.find((r) => r.metadata.name === item.metadata.name)!
      expect(canonical(ours.raw.spec), item.metadata.name).toEqual(canonical(item.spec))
      expect(ours.kind).toBe('Case')
    }
    // The documents the fixture names as never read by kubectl are not there, and the loader says so.
    expect(stored.items.map((i) => i.metadata.name)).not.toContain('never-read')
    expect(loaded.diagnostics.map((d) => d.code)).toContain('YAML_IGNORED')
  })

  const refused: Array<{name: string; text: string; code: string; at: string; kubectlSays: string}> = [
    {name: 'a .inf value', text: 'spec:\n  v: .inf\n', code: 'YAML_NOT_JSON', at: '.inf', kubectlSays: 'unsupported value: +Inf'},
    {name: 'a null key', text: 'spec:\n  ~: v\n', code: 'YAML_NOT_JSON', at: '~: v', kubectlSays: 'unsupported map key'},
    {name: 'text after a separator', text: 'spec: {}\n--- x\n', code: 'YAML_SYNTAX', at: '--- x', kubectlSays: 'invalid Yaml document separator: x'},
    {name: 'an unknown alias', text: 'spec:\n  v: *nowhere\n', code: 'YAML_ALIAS', at: '*nowhere', kubectlSays: "unknown anchor 'nowhere' referenced"},
    {name: 'a self-referencing alias', text: 'spec: &loop\n  v: *loop\n', code: 'YAML_ALIAS', at: '*loop', kubectlSays: "anchor 'loop' value contains itself"},
    {name: 'an alias bomb', text: bomb(), code: 'YAML_ALIAS', at: 'spec: {', kubectlSays: 'excessive aliasing'},
    {name: 'a control character', text: 'spec:\n  v: a\u0007b\n', code: 'YAML_CONTROL_CHARACTER', at: '\u0007', kubectlSays: 'control characters are not allowed'},
    {name: 'a tab as indentation', text: 'spec:\n  a: 1\n\tb: 2\n', code: 'YAML_SYNTAX', at: '\tb', kubectlSays: 'tab character'},
    {
      name: 'a directive (kubectl cuts it off its document)',
      text: '%YAML 1.1\n---\nspec: {}\n',
      code: 'YAML_SYNTAX',
      at: '%YAML',
      kubectlSays: 'did not find expected <document start>',
    },
    {
      name: 'a label value read as a boolean',
      text: 'spec: {}\n',
      code: 'OBJECT_METADATA',
      at: 'enabled: yes',
      kubectlSays: 'cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string',
    },
  ]

  test.each(refused)('kubectl refuses $name, and so does the loader, at its line', async ({name, text, code, at, kubectlSays}) => {
    const labels = code === 'OBJECT_METADATA' ? '  labels:\n    enabled: yes\n' : ''
    const full = text.startsWith('%') ? text.replace('---\n', `---\n${header(name, labels)}`) : header(name, labels) + text
    const file = join(tmp, `${name.replace(/\W+/g, '-')}.yaml`)
    writeFileSync(file, full)
    const r = await kubectl(['apply', '--dry-run=server', '-f', file])
    expect(r.status).not.toBe(0)
    expect(r.stderr).toContain(kubectlSays)
    const errors = parseResources(full, file).diagnostics.filter((d) => d.severity === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({code, source: {line: lineOf(full, at)}})
  })
})

function header(name: string, labels: string): string {
  return `apiVersion: yaml.example.com/v1\nkind: Case\nmetadata:\n  name: ${name.replace(/\W+/g, '-').replace(/^-|-$/g, '').toLowerCase()}\n  namespace: default\n${labels}`
}

/** A few hundred bytes on one line that expand a billion-fold ("billion laughs"), as go-yaml's alias limit exists to stop. */
function bomb(): string {
  const names = 'abcdefghi'
  const entries = [`a: &a [x, x, x, x, x, x, x, x, x]`]
  for (let i = 1; i < names.length; i++)
    entries.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill('*' + names[i - 1])
        .join(', ')}]`,
    )
  return `spec: {${entries.join(', ')}}\n`
}
