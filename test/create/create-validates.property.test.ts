/**
 * issue 10: `create` prints only YAML that `validate` accepts. Random flag sets go through what the command
 * runs (createFromFlags), then what it printed is loaded next to the mesh's base objects (the examples' mesh,
 * client and gateway) and validated: either create refused with problems or missing arguments, or every
 * object it printed is accepted — also beside objects it did not check itself with.
 */
import fc from 'fast-check'
import {expect, test} from 'vitest'
import {createFromFlags} from '../../src/create/index.js'
import {printManifests} from '../../src/create/print.js'
import type {CreateFlags, CreateMesh} from '../../src/create/spec.js'
import {parseResources} from '../../src/load/parse.js'
import {validate} from '../../src/validate/index.js'
import {meshBase} from './helpers.js'

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/)
/** Mostly values create should accept, sometimes one it must refuse, so both paths are walked. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({arbitrary: good, weight: 6}, {arbitrary: bad, weight: 1})
const host = mostly(
  fc.oneof(
    fc.constantFrom('httpbin.org', 'edition.cnn.com', '*.example.com', 'api.example.com'),
    fc.array(label, {minLength: 2, maxLength: 4}).map((ls) => ls.join('.')),
  ),
  fc.oneof(
    fc.constantFrom('a', '10.0.0.5', 'bücher.example', 'httpbin.org.', '-x.example', 'x_y.example', '', 'a.0', 'HTTPBIN.org'),
    fc.integer({min: 250, max: 300}).map((n) => `${'a'.repeat(n - 4)}.org`),
    fc.integer({min: 60, max: 70}).map((n) => `${'a'.repeat(n)}.example.com`),
  ),
)
const port = mostly(
  fc.constantFrom('80', '443', '443/https', '80/http', '8080/http', '3306', '5432/tcp', '25/tcp', '443/tls', '3306/tcp-server-first'),
  fc.oneof(
    fc.constantFrom('0', '65536/http', '80/grpc', '9000', 'x'),
    fc.tuple(fc.integer({min: 1, max: 65535}), fc.constantFrom('http', 'https', 'tcp', 'tls', 'tcp-server-first')).map(([n, p]) => `${n}/${p}`),
  ),
)
const name = mostly(
  label,
  fc.oneof(
    fc.constantFrom('', 'Bad_Name', '-x', 'x-'),
    fc.integer({min: 50, max: 260}).map((n) => 'n'.repeat(n)),
  ),
)
const method = mostly(
  fc.constantFrom('GET', 'get', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  fc.oneof(fc.constantFrom('', '*', 'FETCH', 'G E T', 'CONNECT', 'TRACE'), fc.string({maxLength: 6})),
)
const path = mostly(
  fc.constantFrom('/get', '/status/.*', '/anything/[a-z]+', '/'),
  fc.oneof(fc.constantFrom('.*', '', '(', '/a[', '(?i)/get', '/\\d+', '[[:alpha:]]'), fc.string({maxLength: 8})),
)
const header = mostly(
  fc.constantFrom('user-agent=curl/.*', 'x-team=a', 'x-env=prod|staging'),
  fc.oneof(
    fc.constantFrom('=x', 'x-team', 'Bad Header=x', ':authority=x', 'x=(', 'x='),
    fc.tuple(label, fc.string({maxLength: 6})).map(([k, v]) => `${k}=${v}`),
  ),
)
const ip = mostly(fc.constantFrom('10.0.0.0/8', '203.0.113.10/32', '192.168.0.0/16'), fc.constantFrom('10.0.0.1', '300.1.1.1/24', '10.0.0.0/33', '::1/128', ''))
const duration = mostly(fc.constantFrom('3s', '500ms', '1m', '1.5s'), fc.constantFrom('0s', 'soon', '-1s', '', '1h30m'))
const few = <T>(a: fc.Arbitrary<T>, max = 2) => fc.array(a, {maxLength: max})
/** Flags most requests do without: absent four times in five. */
const seldom = <T>(a: fc.Arbitrary<T>) => fc.oneof({arbitrary: fc.constant(undefined), weight: 4}, {arbitrary: a, weight: 1})

const flags: fc.Arbitrary<CreateFlags> = fc.record(
  {
    mesh: fc.constantFrom<CreateMesh>('osm', 'osm-edge', 'istio'),
    name,
    from: mostly(
      fc.constantFrom('curl/curl', 'default/sleep'),
      fc.oneof(
        fc.constantFrom('bad', 'a/b/c', 'Curl/curl'),
        fc.tuple(label, label).map(([a, b]) => `${a}/${b}`),
      ),
    ),
    namespace: seldom(mostly(label, fc.constantFrom('Bad', '', 'n'.repeat(64)))),
    host: fc.array(host, {minLength: 1, maxLength: 2}),
    port: fc.array(port, {minLength: 1, maxLength: 2}),
    ip: seldom(few(ip)),
    path: seldom(few(path)),
    method: seldom(few(method)),
    header: seldom(few(header)),
    'export-to': seldom(few(mostly(fc.constantFrom('.', '*', 'default', 'istio-system'), fc.constantFrom('~', 'Bad', '', '-x')))),
    'via-gateway': seldom(fc.boolean()),
    'tls-origination': seldom(fc.boolean()),
    timeout: seldom(duration),
    lockdown: seldom(fc.boolean()),
  },
  {requiredKeys: ['mesh', 'name', 'from', 'host', 'port']},
)

test('whatever create prints, validate accepts', () => {
  let printed = 0
  fc.assert(
    fc.property(flags, (f) => {
      const created = createFromFlags(f)
      if (!created.manifests) {
        expect(created.missing.length + created.problems.length).toBeGreaterThan(0)
        return
      }
      printed++
      const text = printManifests(created.manifests, 'yaml')
      const base = parseResources(meshBase(f.mesh === 'osm-edge' ? 'osm-edge' : f.mesh), 'base.yaml')
      const loaded = parseResources(text, 'created.yaml')
      expect(loaded.diagnostics).toEqual([])
      const errors = validate({resources: [...base.resources, ...loaded.resources]}).filter((d) => d.severity === 'error' && d.source.file === 'created.yaml')
      expect(
        errors.map((d) => `${d.code} ${d.field}: ${d.message}`),
        `flags ${JSON.stringify(f)}\n${text}`,
      ).toEqual([])
    }),
    {numRuns: 400},
  )
  // The property says something only if create does print for a fair share of the runs.
  expect(printed).toBeGreaterThan(40)
})
