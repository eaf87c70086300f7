/**
 * Random and mutated policy files and requests through load → validate → compile → trace: nothing throws,
 * and every run ends in a verdict or in clean input errors (diagnostics / a request error).
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import {expect, test} from 'vitest'
import {parse} from 'yaml'
import {parseResources} from '../../src/load/parse.js'
import {hasErrors} from '../../src/model/diagnostic.js'
import {accepted, validate} from '../../src/validate/index.js'
import {compile, type MeshName} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import {ROOT} from '../helpers/cli.js'

const CONFORMANCE = join(ROOT, '..', 'shared', 'conformance')
const seeds: Array<{mesh: MeshName; text: string; from: string}> = readdirSync(CONFORMANCE)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => {
    const s = parse(readFileSync(join(CONFORMANCE, f), 'utf8')) as {mesh: MeshName; resources: string; steps: Array<{apply?: string; trace?: {from: string}}>}
    const applied = s.steps.filter((x) => x.apply).map((x) => x.apply)
    const from = s.steps.find((x) => x.trace)?.trace?.from ?? 'default/default'
    return {mesh: s.mesh, text: [s.resources, ...applied].join('\n---\n'), from}
  })

const scalars = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '65536',
    '70000',
    'http',
    'HTTP',
    'https',
    'tcp',
    'tcp-server-first',
    'grpc',
    '*',
    '*.example.com',
    '10.0.0.0/8',
    '10.0.0.1',
    '300.1.1.1/24',
    '::1/128',
    'null',
    '~',
    '[]',
    '{}',
    '""',
    'true',
    'REGISTRY_ONLY',
    'ALLOW_ANY',
    'DNS',
    'NONE',
    'mesh',
    '/get',
    '(',
    '.*',
    'ServiceAccount',
    'Pod',
  ),
  fc.string({maxLength: 12}),
)

/** One mutation of a YAML text, line-based so structure breaks as well as values. */
const mutation = fc.oneof(
  fc.record({op: fc.constant('delete' as const), at: fc.nat()}),
  fc.record({op: fc.constant('duplicate' as const), at: fc.nat()}),
  fc.record({op: fc.constant('value' as const), at: fc.nat(), value: scalars}),
  fc.record({op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({min: -2, max: 2})}),
)

type Mutation = {op: 'delete' | 'duplicate' | 'value' | 'indent'; at: number; value?: string; by?: number}

function mutate(text: string, ms: Mutation[]): string {
  const lines = text.split('\n')
  for (const m of ms) {
    const i = m.at % Math.max(1, lines.length)
    if (m.op === 'delete') lines.splice(i, 1)
    else if (m.op === 'duplicate') lines.splice(i, 0, lines[i] ?? '')
    else if (m.op === 'value') lines[i] = (lines[i] ?? '').replace(/:\s.*$|-\s.*$/, (s) => s.slice(0, 2) + m.value)
    else if (m.op === 'indent') lines[i] = m.by! > 0 ? ' '.repeat(m.by!) + lines[i] : (lines[i] ?? '').slice(-m.by!)
  }
  return lines.join('\n')
}

const requests = fc.oneof(
  fc.constantFrom(
    'curl http://httpbin.org/get',
    'curl -sI https://httpbin.org:443/get',
    'curl -X POST -H "x-team: team-1" http://svc.example.com:8000/api/v1/items',
    'curl --http1.0 http://httpbin.org/headers',
    'curl --resolve httpbin.org:80:34.194.129.11 http://httpbin.org/headers',
    'nc db.example.com 3306',
    'openssl s_client -connect edition.cnn.com:443',
    'edition.cnn.com:443',
    'curl -g "http://[2001:db8::1]:8080/"',
  ),
  fc
    .tuple(
      fc.constantFrom('http', 'https'),
      fc.constantFrom('httpbin.org', 'edition.cnn.com', 'a.example.com', '10.1.2.3', 'HTTPBIN.ORG'),
      fc.integer({min: 1, max: 65535}),
      fc.constantFrom('/', '/get', '/status/200', '/politics'),
    )
    .map(([s, h, p, path]) => `curl ${s}://${h}:${p}${path}`),
  fc.string({maxLength: 30}),
)

test('the pipeline never throws on random and mutated input', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...seeds),
      fc.array(mutation, {maxLength: 6}),
      requests,
      fc.option(fc.constantFrom<MeshName>('osm', 'osm-edge', 'istio')),
      (seed, ms, typed, otherMesh) => {
        const {resources, diagnostics} = parseResources(mutate(seed.text, ms), 'fuzz.yaml')
        const all = [...diagnostics, ...validate({resources})]
        for (const d of all) expect(d.source.line).toBeGreaterThanOrEqual(0)
        const set = accepted({resources}, all)
        const [namespace, serviceAccount] = seed.from.split('/')
        const table = compile(set, {mesh: otherMesh ?? seed.mesh, namespace, serviceAccount})
        const req = requestFrom(typed)
        if (!req.ok) {
          expect(req.error.code).toMatch(/^REQUEST_/)
          return
        }
        const t = trace(table, req.value, {upstreamDelaySeconds: 5})
        expect(['allow', 'deny', 'unsupported']).toContain(t.outcome.verdict)
        if (t.outcome.verdict === 'deny') expect(t.outcome.status !== undefined || t.outcome.curlExit !== undefined).toBe(true)
        if (hasErrors(all)) expect(all.some((d) => d.severity === 'error')).toBe(true)
      },
    ),
    {numRuns: 400, seed: 20261121},
  )
})
