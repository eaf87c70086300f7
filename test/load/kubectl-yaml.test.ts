/**
 * YAML read the way `kubectl apply -f` reads it. Expected values come from the upstream code named in each
 * group (sigs.k8s.io/yaml v1.4.0 and its goyaml.v2 fork, k8s.io/apimachinery v0.32); the e2e suite checks
 * the same fixture against kubectl and a real API server.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parseResources} from '../../src/load/parse.js'
import {formatFloat32, resolvePlain, resolveTagged} from '../../src/load/yaml/resolve-scalar.js'
import {ROOT} from '../helpers/cli.js'

const FIXTURE = join(ROOT, 'test', 'load', 'fixtures', 'kubectl-yaml.yaml')
const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n'

/** The `spec` of a one-object text (a Case-like object), or its first error code. */
function spec(body: string): unknown {
  const {resources, diagnostics} = parseResources(`apiVersion: x/v1\nkind: Case\nmetadata:\n  name: c\nspec:\n${body}`, 'c.yaml')
  const error = diagnostics.find((d) => d.severity === 'error')
  return error ? `error ${error.code}` : resources[0].spec
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

describe('plain scalars: goyaml.v2 resolve.go', () => {
  test.each([
    // resolveMapList: these spellings only
    ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, 'bool', true] as const),
    ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, 'bool', false] as const),
    ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, 'null', null] as const),
    ...['yES', 'oN', 'nULL', 'Yes please', 'tRUE'].map((s) => [s, 'str', s] as const),
    // strconv.ParseInt(s, 0, 64) after strings.Replace(in, "_", "", -1)
    ['0777', 'int', 511],
    ['0o17', 'int', 15],
    ['0x1F', 'int', 31],
    ['-0x1F', 'int', -31],
    ['0b101', 'int', 5],
    ['+12', 'int', 12],
    ['1_000', 'int', 1000],
    ['0x_1F', 'int', 31],
    ['1_', 'int', 1],
    // ParseInt fails, yamlStyleFloat matches
    ['08', 'float', 8],
    ['1e3', 'float', 1000],
    ['+.5', 'float', 0.5],
    ['1.', 'float', 1],
    ['99999999999999999999999', 'float', 1e23],
    // a text starting with "." goes to strconv.ParseFloat, which takes "_" between digits
    ['.5', 'float', 0.5],
    ['.5_0', 'float', 0.5],
    // neither: the text stays
    ['1.2.3.4', 'str', '1.2.3.4'],
    ['001:db8::', 'str', '001:db8::'],
    ['1:20', 'str', '1:20'],
    ['0x', 'str', '0x'],
    ['0b2', 'str', '0b2'],
    ['1e', 'str', '1e'],
    ['1e400', 'str', '1e400'],
    ['._5', 'str', '._5'],
    ['_1', 'str', '_1'],
    ['<<', 'str', '<<'],
    // parseTimestamp: the decoder keeps a timestamp's text (decode.go scalar, "for backward compatibility")
    ['2001-12-14', 'str', '2001-12-14'],
    ['2001-12-14t21:59:43.10-05:00', 'str', '2001-12-14t21:59:43.10-05:00'],
  ] as const)('%j is %s %j', (text, type, value) => {
    expect(resolvePlain(text)).toMatchObject({type, value})
  })

  test('ints beyond int64 but within uint64 stay ints (ParseUint); beyond that a decimal becomes a float', () => {
    expect(resolvePlain('18446744073709551615')).toMatchObject({type: 'int', digits: '18446744073709551615'})
    expect(resolvePlain('18446744073709551616')).toMatchObject({type: 'float'})
    expect(resolvePlain('-9223372036854775809')).toMatchObject({type: 'float'})
  })
})

describe('tagged scalars: resolve() with a tag, decode.go scalar', () => {
  test.each([
    ['tag:yaml.org,2002:str', '1', '1'],
    ['tag:yaml.org,2002:int', '12', 12],
    ['tag:yaml.org,2002:float', '1', 1],
    ['tag:yaml.org,2002:bool', 'off', false],
    ['tag:yaml.org,2002:binary', 'aGVsbG8=', 'hello'],
    ['tag:yaml.org,2002:timestamp', '2001-01-01', '2001-01-01'],
    ['!local', '12', '12'],
  ])('%s %j → %j', (tag, text, value) => {
    expect(resolveTagged(tag, text)).toMatchObject({value})
  })

  test.each([
    ['tag:yaml.org,2002:int', '1.5', 'cannot decode !!float `1.5` as a !!int'],
    ['tag:yaml.org,2002:bool', '1', 'cannot decode !!int `1` as a !!bool'],
    ['tag:yaml.org,2002:null', 'x', 'cannot decode !!str `x` as a !!null'],
    ['tag:yaml.org,2002:timestamp', '2001-13-01', 'cannot decode !!str `2001-13-01` as a !!timestamp'],
    ['tag:yaml.org,2002:binary', 'not base64!', '!!binary value contains invalid base64 data'],
  ])('%s %j is an error', (tag, text, message) => {
    expect(resolveTagged(tag, text)).toBe(message)
  })
})

describe('map keys: sigs.k8s.io/yaml yaml.go convertToJSONableObject', () => {
  test('booleans become "true"/"false", ints decimal, floats strconv.FormatFloat(f, \'g\', -1, 32)', () => {
    expect(spec('  y: a\n  off: b\n  0x10: c\n  1.5: d\n  1e7: e\n  2001-01-01: f\n')).toEqual({true: 'a', false: 'b', 16: 'c', '1.5': 'd', '1e+07': 'e', '2001-01-01': 'f'})
  })

  test.each([
    [1.5, '1.5'],
    [1e7, '1e+07'],
    [0.1, '0.1'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [3.14159265, '3.1415927'],
    [16777217, '1.6777216e+07'],
    [-2.5, '-2.5'],
    [1e39, '.inf'],
  ])('float key %d → %j', (f, key) => {
    expect(formatFloat32(f)).toBe(key)
  })

  test('a null key cannot become JSON; two Go keys with one JSON name are refused (Go map order decides)', () => {
    expect(spec('  ~: v\n')).toBe('error YAML_NOT_JSON')
    expect(spec('  1: a\n  "1": b\n')).toBe('error YAML_NOT_JSON')
    expect(spec('  y: a\n  true: b\n')).toEqual({true: 'b'})
  })

  test('a repeated key keeps its last value, with a warning at the repeat', () => {
    const text = `${HEAD}data:\n  a: first\n  a: second\n`
    const {resources, diagnostics} = parseResources(text, 'd.yaml')
    expect(resources[0].spec).toEqual({a: 'second'})
    expect(diagnostics).toMatchObject([{code: 'YAML_DUPLICATE_KEY', severity: 'warning', source: {line: lineOf(text, 'second')}}])
    expect(resources[0].positions.get('/data/a')![0]).toBe(lineOf(text, 'second'))
  })
})

describe('flow scalars: goyaml.v2 scannerc.go yaml_parser_scan_plain_scalar', () => {
  test('":" ends a plain scalar in flow context only before a blank', () => {
    expect(spec('  a: [1.2.3.4, 001:db8::]\n  b: [a:, b]\n  c: {a:, b: 1}\n  d: [x: y:]\n')).toEqual({
      a: ['1.2.3.4', '001:db8::'],
      b: ['a:', 'b'],
      c: {'a:': null, b: 1},
      d: [{x: 'y:'}],
    })
  })

  test('"?" is the key indicator in flow context even without a blank after it', () => {
    expect(spec('  a: [?x]\n')).toEqual({a: [{x: null}]})
    expect(spec('  a: [x?y]\n')).toBe('error YAML_SYNTAX')
  })
})

describe('merge keys and aliases: goyaml.v2 decode.go merge, alias', () => {
  test('a merge applies where it is written; in a list of maps the earlier ones win', () => {
    const body = '  base: &b {x: 1, z: 2}\n  o: &o {x: 3}\n  after: {x: 0, <<: *b}\n  before: {<<: *b, x: 0}\n  list: {<<: [*o, *b]}\n'
    expect(spec(body)).toMatchObject({after: {x: 1, z: 2}, before: {x: 0, z: 2}, list: {x: 3, z: 2}})
  })

  test('merging anything but maps is an error', () => {
    expect(spec('  a: &a [1]\n  b: {<<: *a}\n')).toBe('error YAML_SYNTAX')
    expect(spec('  b: {<<: 1}\n')).toBe('error YAML_SYNTAX')
  })

  test("an alias is a copy with the anchored value's positions; a self-reference, an unknown anchor and a bomb are errors", () => {
    const text = `${HEAD}data:\n  a: &v [x, z]\n  b: *v\n`
    const r = parseResources(text, 'a.yaml').resources[0]
    expect(r.spec).toEqual({a: ['x', 'z'], b: ['x', 'z']})
    expect((r.spec as {a: unknown}).a).not.toBe((r.spec as {b: unknown}).b)
    expect(r.positions.get('/data/b')![0]).toBe(lineOf(text, 'b: *v'))
    expect(r.positions.get('/data/b/1')![0]).toBe(lineOf(text, '&v'))
    expect(spec('  a: &a\n    b: *a\n')).toBe('error YAML_ALIAS')
    expect(spec('  a: *nope\n')).toBe('error YAML_ALIAS')
    let bomb = '  a: &a [x, x, x, x, x, x, x, x, x]\n'
    for (const [prev, name] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'])
      bomb += `  ${name}: &${name} [${Array(9)
        .fill('*' + prev)
        .join(', ')}]\n`
    expect(spec(bomb)).toBe('error YAML_ALIAS')
  })

  test('go-yaml allows aliases to make up 99% of a small document (allowedAliasRatio)', () => {
    const body = `  a: &a [${Array(9).fill('x').join(', ')}]\n${Array.from({length: 50}, (_, i) => `  k${i}: *a\n`).join('')}`
    expect(Object.keys(spec(body) as object)).toHaveLength(51)
  })
})

describe('documents: apimachinery util/yaml YAMLReader and YAMLOrJSONDecoder', () => {
  test('"---" lines split; a separator may carry a comment but nothing else', () => {
    expect(parseResources(`${HEAD}--- # next\n${HEAD.replace('name: c', 'name: d')}`, 'a.yaml').resources.map((r) => r.metadata.name)).toEqual(['c', 'd'])
    const bad = `${HEAD}--- !!map\n${HEAD}`
    expect(parseResources(bad, 'a.yaml').diagnostics).toMatchObject([{code: 'YAML_SYNTAX', source: {line: lineOf(bad, '--- !!map')}}])
  })

  test('go-yaml reads one document per piece: what follows "..." is ignored, with a warning where it starts', () => {
    const text = `${HEAD}...\n# not read:\n${HEAD.replace('name: c', 'name: ignored')}`
    const {resources, diagnostics} = parseResources(text, 'a.yaml')
    expect(resources.map((r) => r.metadata.name)).toEqual(['c'])
    expect(diagnostics).toMatchObject([{code: 'YAML_IGNORED', severity: 'warning', source: {line: lineOf(text, 'name: ignored') - 3}}])
  })

  test('a root map indented deeper than a later line ends there; kubectl never reads the rest', () => {
    const text = `  apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\nkind: Secret\n`
    const {resources, diagnostics} = parseResources(text, 'a.yaml')
    expect(resources.map((r) => r.kind)).toEqual(['Namespace'])
    expect(diagnostics).toMatchObject([{code: 'YAML_IGNORED', source: {line: lineOf(text, 'kind: Secret')}}])
  })

  test('directives never reach go-yaml with their document: kubectl cuts before "---"', () => {
    expect(parseResources(`%YAML 1.1\n---\n${HEAD}`, 'a.yaml').diagnostics).toMatchObject([{code: 'YAML_SYNTAX', source: {line: 1}}])
  })

  test('a stream starting with "{" is concatenated JSON', () => {
    const json = '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a\\/b"}}\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "yes"}}'
    expect(parseResources(json, 'a.json').resources.map((r) => r.metadata.name)).toEqual(['a/b', 'yes'])
    expect(parseResources('{"apiVersion": "v1", kind: x}', 'a.json').diagnostics).toMatchObject([{code: 'JSON_SYNTAX'}])
  })

  test('unstructured decode: any object with "items" is a list, and an item without kind and apiVersion takes the list\'s', () => {
    const text = 'apiVersion: v1\nkind: ServiceList\nitems:\n- metadata: {name: a}\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: b}\n'
    expect(parseResources(text, 'l.yaml').resources.map((r) => `${r.apiVersion} ${r.kind} ${r.metadata.name}`)).toEqual(['v1 Service a', 'v1 Namespace b'])
    expect(parseResources('apiVersion: v1\nkind: List\nitems: ~\n', 'l.yaml')).toEqual({resources: [], diagnostics: []})
  })
})

describe('what libyaml refuses', () => {
  test.each([
    ['a tab at the start of a line', 'a: 1\n\tb: 2\n', '\tb'],
    ['a tab after "- "', '- \ta\n', '- \ta'],
    ['a control character', 'a: x\u0001\n', 'x\u0001'],
    ['an escape YAML 1.1 does not know', 'a: "x\\/y"\n', 'x\\/y'],
    ['an anchor name with a dot', 'a: &x.y 1\n', '&x.y'],
    ['a tag handle without a %TAG directive', 'a: !e!x 1\n', '!e!x'],
    ['nested mappings on one line', 'a: b: c\n', 'a: b: c'],
  ])('%s', (_, text, at) => {
    const {diagnostics} = parseResources(text, 'x.yaml')
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({severity: 'error', source: {line: lineOf(text, at)}})
    expect(diagnostics[0].code).toMatch(/^YAML_/)
  })

  test('tabs between tokens are fine', () => {
    expect(parseResources(`${HEAD}data:\n  a:\tx\t# c\n  b: [1,\t2]\n`, 'x.yaml').resources[0].spec).toEqual({a: 'x', b: [1, 2]})
  })
})

describe('bounds: one line, never a crash', () => {
  test('nesting deeper than the loader reads is an error where it gets too deep', () => {
    const text = `a: ${'['.repeat(2000)}${']'.repeat(2000)}\n`
    expect(parseResources(text, 'deep.yaml').diagnostics).toMatchObject([{code: 'YAML_TOO_DEEP', source: {line: 1}}])
    const block = Array.from({length: 1200}, (_, i) => `${' '.repeat(i)}k:`).join('\n')
    expect(parseResources(block, 'deep.yaml').diagnostics).toMatchObject([{code: 'YAML_TOO_DEEP'}])
  })

  test('binary garbage is one error at the first byte libyaml refuses', () => {
    const garbage = Buffer.from(Array.from({length: 4096}, (_, i) => (i * 7919) % 256)).toString('latin1')
    const {resources, diagnostics} = parseResources(garbage, 'bin.yaml')
    expect(resources).toEqual([])
    expect(diagnostics).toMatchObject([{code: 'YAML_CONTROL_CHARACTER', source: {line: 1, column: 1}}])
  })
})

describe('metadata as kubectl decodes it: cli-runtime metadataValidatingDecoder', () => {
  test.each([
    ['a label read as a boolean', '  labels:\n    enabled: yes\n', 'enabled: yes', 'metadata.labels.enabled'],
    ['an annotation read as a number', '  annotations:\n    version: 1.0\n', 'version: 1.0', 'metadata.annotations.version'],
    ['a name read as a boolean', '  name: n\n', 'name: n', 'metadata.name'],
    ['finalizers not a list of strings', '  name: x\n  finalizers: [1]\n', 'finalizers', 'metadata.finalizers.0'],
    ['creationTimestamp not RFC 3339', '  name: x\n  creationTimestamp: 2001-01-01\n', 'creationTimestamp', 'metadata.creationTimestamp'],
  ])('%s is refused at its line', (_, meta, at, field) => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n${meta.includes('name:') ? '' : '  name: x\n'}${meta}`
    const {resources, diagnostics} = parseResources(text, 'm.yaml')
    expect(resources).toEqual([])
    expect(diagnostics).toMatchObject([{code: 'OBJECT_METADATA', field, source: {line: lineOf(text, at)}}])
  })

  test('a null label value decodes to "" (encoding/json leaves the string empty)', () => {
    expect(parseResources(`${HEAD}  labels: {a: ~}\n`, 'm.yaml').resources[0].metadata.labels).toEqual({a: ''})
  })
})

test('the e2e fixture loads without errors and says what kubectl ignores', () => {
  const {resources, diagnostics} = parseResources(readFileSync(FIXTURE, 'utf8'), FIXTURE)
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  expect(resources.map((r) => r.metadata.name)).not.toContain('never-read')
  expect(resources.find((r) => r.metadata.name === 'list-item-inherits')).toMatchObject({apiVersion: 'yaml.example.com/v1', kind: 'Case'})
})
