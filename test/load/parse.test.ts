import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect, test} from 'vitest'
import {loadFiles} from '../../src/load/files.js'
import {parseResources} from '../../src/load/parse.js'
import {sourceAt} from '../../sim/compile/locate.js'

const egress = `# comment
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata:
  name: httpbin
  namespace: curl
spec:
  hosts:
  - httpbin.org
  - example.com
  ports:
  - number: 443
    protocol: https
`

test('every value keeps its line; lookups fall back to the nearest enclosing value', () => {
  const {resources, diagnostics} = parseResources(egress, 'e.yaml')
  expect(diagnostics).toEqual([])
  const r = resources[0]
  expect(r.ref).toEqual({kind: 'Egress', namespace: 'curl', name: 'httpbin'})
  expect(r.source.line).toBe(2)
  expect(sourceAt(r, '/spec/hosts/1').line).toBe(10)
  expect(sourceAt(r, '/spec/ports/0/protocol').line).toBe(13)
  expect(sourceAt(r, '/spec/ports/0/missing').line).toBe(12)
  expect(sourceAt(r, '/spec/hosts').line).toBe(8)
})

test('multi-document files and kind: List both yield objects with their own lines', () => {
  const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata:
    name: a
- apiVersion: v1
  kind: Namespace
  metadata:
    name: b
`
  const {resources} = parseResources(`${egress}---\n${list}`, 'm.yaml')
  expect(resources.map((r) => r.metadata.name)).toEqual(['httpbin', 'a', 'b'])
  expect(resources[2].source.line).toBe(22)
  expect(sourceAt(resources[2], '/metadata/name').line).toBe(25)
})

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

test.each([
  {name: 'syntax error (an unclosed flow sequence, reported at its "[")', text: 'a: 1\nb: [1, 2\n', code: 'YAML_SYNTAX', at: '['},
  {name: 'a null key', text: 'apiVersion: v1\nkind: Namespace\n~: Pod\nmetadata: {name: x}\n', code: 'YAML_NOT_JSON', at: '~'},
  {name: 'not a map', text: '- a\n- b\n', code: 'OBJECT_NOT_A_MAP', at: '- a'},
  {name: 'no name', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: {}\n', code: 'OBJECT_IDENTITY', at: 'metadata'},
])('$name is a diagnostic with its line, not an exception', ({text, code, at}) => {
  const {resources, diagnostics} = parseResources(text, 'bad.yaml')
  expect(resources).toEqual([])
  expect(diagnostics[0]).toMatchObject({code, severity: 'error', source: {file: 'bad.yaml', line: lineOf(text, at)}})
})

test('empty documents are skipped', () => {
  const {resources, diagnostics} = parseResources('---\n---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n', 'e.yaml')
  expect(diagnostics).toEqual([])
  expect(resources.map((r) => r.source.line)).toEqual([5])
})

test('anchors and aliases resolve to their values', () => {
  const {resources} = parseResources('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: ns}\ndata:\n  a: &v hello\n  b: *v\n', 'a.yaml')
  expect(resources[0].spec).toEqual({a: 'hello', b: 'hello'})
})

test('directories are read recursively in name order; stdin with -; missing files are diagnostics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'egress-load-'))
  mkdirSync(join(dir, 'sub'))
  writeFileSync(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n')
  writeFileSync(join(dir, 'sub', 'a.yml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n')
  writeFileSync(join(dir, 'notes.txt'), 'ignored')
  const {set, diagnostics} = await loadFiles([dir, '-', join(dir, 'nope.yaml')], async () => 'apiVersion: v1\nkind: Namespace\nmetadata: {name: c}\n')
  expect(set.resources.map((r) => r.metadata.name)).toEqual(['b', 'a', 'c'])
  expect(set.resources[2].source.file).toBe('<stdin>')
  expect(diagnostics.map((d) => d.code)).toEqual(['FILE_NOT_FOUND'])
})
