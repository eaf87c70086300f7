import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {parse} from 'yaml'
import {layoutYaml, yamlPositions} from '../../src/cluster/yaml-layout.js'
import {parseResources} from '../../src/load/parse.js'

/** Strings YAML reads as something else, or only when quoted (1.1 booleans, numbers, indicators, breaks). */
const tricky = fc.constantFrom(
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  'true',
  'null',
  '~',
  '',
  ' ',
  ' lead',
  'trail ',
  '0x1F',
  '0o17',
  '017',
  '1_000',
  '1:20',
  '1e3',
  'e0',
  'e-0',
  'E+5',
  '.inf',
  '.NaN',
  '-',
  '- x',
  '? x',
  'a: b',
  'a #b',
  '#c',
  '&a',
  '*a',
  '*.example.com',
  '!tag',
  '|',
  '>',
  '%x',
  '@x',
  '`x',
  '"q"',
  "'q'",
  '[x]',
  '{x}',
  'x,y',
  '<<',
  '=',
  'line\nbreak',
  'nel\u0085x',
  'ls\u2028x',
  'tab\tx',
  'ünï',
  '2001-12-14',
  '/api/v1/.*',
  'app.kubernetes.io/name',
  'httpbin.org',
)
const key = fc.oneof(tricky, fc.string({maxLength: 8})).filter((k) => k !== '__proto__')
const leaf = fc.oneof(tricky, fc.string({maxLength: 10}), fc.integer(), fc.double({noNaN: true, noDefaultInfinity: true}), fc.boolean(), fc.constant(null))
const {value} = fc.letrec<{value: unknown}>((tie) => ({
  value: fc.oneof({depthSize: 'small'}, leaf, fc.array(tie('value'), {maxLength: 4}), fc.dictionary(key, tie('value'), {maxKeys: 4})),
}))
/** As JSON carries it: what the API server sends (no -0, no undefined). */
const object = fc
  .dictionary(key, value, {maxKeys: 6})
  .map((o) => JSON.parse(JSON.stringify({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x'}, ...o})) as Record<string, unknown>)

describe('layoutYaml: YAML whose positions are known without parsing it', () => {
  test('YAML 1.2 (the loader) and YAML 1.1 (kubectl) read back the same object', () => {
    fc.assert(
      fc.property(object, (o) => {
        const {text} = layoutYaml(o)
        expect(parse(text)).toEqual(o)
        expect(parse(text, {version: '1.1'})).toEqual(o)
      }),
      {numRuns: 500},
    )
  })

  test('the positions are those the loader finds in the text, for every value', () => {
    fc.assert(
      fc.property(object, (o) => {
        const {text, positions} = layoutYaml(o)
        const loaded = parseResources(text, 'x.yaml').resources[0].positions
        expect([...positions].sort()).toEqual([...loaded].sort())
        expect(yamlPositions(o)).toEqual(positions)
      }),
      {numRuns: 500},
    )
  })

  test('one scalar per line; lists under a key indented, list items of maps start on the dash line', () => {
    const {text} = layoutYaml({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'web', labels: {}},
      spec: {ports: [{port: 80, name: 'http'}], selector: {'app.kubernetes.io/name': 'web'}, hosts: ['*.example.com', 'yes']},
    })
    expect(text).toBe(
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: web',
        '  labels: {}',
        'spec:',
        '  ports:',
        '    - port: 80',
        '      name: http',
        '  selector:',
        '    app.kubernetes.io/name: web',
        '  hosts:',
        '    - "*.example.com"',
        '    - "yes"',
        '',
      ].join('\n'),
    )
  })
})
