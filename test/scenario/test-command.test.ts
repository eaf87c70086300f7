import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'
import {parseXml, type Element} from './xml.js'

const FIXTURES = join('test', 'scenario', 'fixtures')
const fixture = (name: string) => join(FIXTURES, name)

describe('kubectl egress test', () => {
  test('a failing expectation is shown with the trace that explains it; exit 1', async () => {
    const res = await runCli(['test', fixture('failing.yaml')], {env: {COLUMNS: '300'}})
    expect(res.status).toBe(1)
    expect(res.stdout).toContain('PASS  failing.yaml:5  step 1')
    expect(res.stdout).toContain('FAIL  failing.yaml:10  step 2')
    expect(res.stdout).toContain('status: expected 503, got 404')
    const trace = res.stdout.slice(res.stdout.indexOf('FAIL'))
    expect(trace).toMatch(/Hop 1 {2}sidecar curl\/curl/)
    expect(trace).toMatch(/route +—\n +no route matches HEAD \/anything/)
    expect(trace).toMatch(
      /Decided +no HTTPRouteGroup match .* allows HEAD \/anything on httpbin\.org:80\n +\(Egress\/curl\/httpbin-80 at .*examples\/osm\/egress-httpbin\.yaml:41\)/,
    )
  })

  test('all expectations hold: exit 0', async () => {
    const res = await runCli(['test', fixture('coverage.yaml')])
    expect(res.status).toBe(0)
    expect(res.stdout).toContain('1 scenario, 2 steps: 2 passed, 0 failed')
  })

  test('a scenario of the wrong shape is bad input: one line with file:line, exit 2', async () => {
    const res = await runCli(['test', fixture('bad-shape.yaml')])
    expect(res.status).toBe(2)
    expect(res.stdout).toBe('')
    expect(res.stderr).toBe(
      `error: ${fixture('bad-shape.yaml')}:9: steps.0.expect.statuss: unknown field "statuss" (expected verdict, curlExit, status, afterSeconds, upstream, via, tls, decidedBy, listener, filterChain, routeConfig, virtualHost, route, cluster)\n`,
    )
  })

  test('json: every step with scenario, index, passed, expected and actual', async () => {
    const res = await runCli(['test', fixture('failing.yaml'), '-o', 'json'])
    const steps = JSON.parse(res.stdout).steps as Array<Record<string, unknown>>
    expect(steps.map(({scenario, index, passed, expected, actual}) => ({scenario, index, passed, expected, actual}))).toEqual([
      {scenario: 'A wrong expectation', index: 1, passed: true, expected: {verdict: 'allow'}, actual: {verdict: 'allow'}},
      {scenario: 'A wrong expectation', index: 2, passed: false, expected: {verdict: 'deny', status: 503}, actual: {verdict: 'deny', status: 404}},
    ])
  })

  test('coverage names exactly the rule no step exercised, per policy', async () => {
    const res = await runCli(['test', fixture('coverage.yaml'), '-o', 'json', '--coverage'])
    const coverage = JSON.parse(res.stdout).coverage
    expect({total: coverage.total, exercised: coverage.exercised, percent: coverage.percent}).toEqual({total: 5, exercised: 4, percent: 80})
    expect(
      coverage.unexercised.map((g: {policy: string; rules: Array<{kind: string; name: string; within: string}>}) => [
        g.policy,
        g.rules.map((r) => `${r.kind} ${r.within} ${r.name}`),
      ]),
    ).toEqual([['Egress/curl/httpbin-80', ['route rds-egress.80 / egress_virtual-host|httpbin.org #2 egress-http-route/status']]])
  })

  test('--fail-under: exit 1 below the threshold, 0 at it', async () => {
    const below = await runCli(['test', fixture('coverage.yaml'), '--fail-under', '81'])
    expect(below.status).toBe(1)
    expect(below.stderr).toBe('Failed to meet coverage requirement: 81% (have 80.0%)\n')
    expect((await runCli(['test', fixture('coverage.yaml'), '--fail-under', '80'])).status).toBe(0)
  })

  test('JUnit XML: well-formed, escaped, with the attributes CI systems require', async () => {
    const res = await runCli(['test', fixture('junit'), '-o', 'junit'])
    expect(res.status).toBe(2)
    const root = parseXml(res.stdout)
    const counts = (e: Element) => ['tests', 'failures', 'errors', 'time'].map((a) => e.attrs[a])
    expect(root.name).toBe('testsuites')
    expect(counts(root).slice(0, 3)).toEqual(['3', '1', '1'])
    expect(root.attrs.time).toMatch(/^\d+\.\d{3}$/)
    expect(root.children.map((c) => c.name)).toEqual(['testsuite'])
    const suite = root.children[0]
    expect(suite.attrs.name).toBe(`Escaping <&> "quotes" 'and' apostrophes`)
    expect(counts(suite).slice(0, 3)).toEqual(['3', '1', '1'])
    expect(suite.attrs.time).toMatch(/^\d+\.\d{3}$/)
    const cases = suite.children
    expect(cases.every((c) => c.name === 'testcase' && c.attrs.name && c.attrs.classname === 'steps' && /^\d+\.\d{3}$/.test(c.attrs.time))).toBe(true)
    expect(cases.map((c) => [c.attrs.name, c.children.map((x) => x.name)])).toEqual([
      ['step 1: passes <ok> & "fine"', []],
      ['step 2: fails on status', ['failure']],
      ['step 3: cannot run', ['error']],
    ])
    const failure = cases[1].children[0]
    expect(failure.attrs.message).toBe('status: expected 503, got 404')
    expect(failure.text).toContain('Verdict   DENY')
    expect(cases[2].children[0].attrs.message).toMatch(/junit\/steps\.yaml:17: delete: Egress\/curl\/no-such-policy not found$/)
  })
})
