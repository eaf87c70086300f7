import {Validator, type Schema} from '@cfworker/json-schema'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

// The OASIS SARIF 2.1.0 schema (draft-04), vendored as test data: test/fixtures/sarif/README.md.
const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as Schema
const sarifValidator = new Validator(schema, '4', false)
const fixture = (name: string) => join(ROOT, 'test', 'scenario', 'fixtures', name)

interface Sarif {
  version: string
  runs: Array<{
    tool: {driver: {rules: Array<{id: string; helpUri: string; help?: {markdown: string}}>}}
    results: Array<{ruleId: string; level: string; locations: Array<{physicalLocation: {artifactLocation: {uri: string}; region: {startLine: number}}}>}>
  }>
}

function valid(stdout: string): Sarif {
  const log = JSON.parse(stdout) as Sarif
  const result = sarifValidator.validate(log)
  expect(result.errors.map((e) => `${e.instanceLocation}: ${e.error}`)).toEqual([])
  return log
}

describe('SARIF 2.1.0 for code scanning (issue 12, point "reports")', () => {
  test('explain: findings at file:line, rule ids are finding codes, each with its documentation page', async () => {
    const r = await runCli(['explain', '-f', 'examples/osm', '-f', join(ROOT, 'test', 'fixtures', 'sarif', 'egress-with-findings.yaml'), '-o', 'sarif'])
    const log = valid(r.stdout)
    const run = log.runs[0]
    expect(run.results.length).toBeGreaterThan(0)
    for (const res of run.results) {
      expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0)
      const rule = run.tool.driver.rules.find((x) => x.id === res.ruleId)!
      expect(existsSync(fileURLToPath(rule.helpUri)), rule.helpUri).toBe(true)
      expect(rule.help?.markdown).toMatch(new RegExp(`^# ${res.ruleId}\\n`))
    }
    expect(run.results.map((x) => x.ruleId)).toContain('OSM_HOST_WITH_SCHEME')
  })

  test('test: each failed expectation at the step line', async () => {
    const r = await runCli(['test', fixture('failing.yaml'), '-o', 'sarif'])
    expect(r.status).toBe(1)
    const log = valid(r.stdout)
    expect(log.runs[0].results).toEqual([expect.objectContaining({ruleId: 'TEST_EXPECTATION_FAILED', level: 'error'})])
    expect(log.runs[0].results[0].locations[0].physicalLocation).toMatchObject({artifactLocation: {uri: expect.stringMatching(/failing\.yaml$/)}, region: {startLine: 10}})
  })

  test('diff: newly allowed requests at the rule that allows them', async () => {
    const r = await runCli(['diff', '-f', 'examples/osm/00-mesh.yaml', '-f2', 'examples/osm', '-o', 'sarif'])
    const log = valid(r.stdout)
    expect(log.runs[0].results.map((x) => x.ruleId)).toContain('DIFF_NEWLY_ALLOWED')
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('examples/osm/egress-httpbin.yaml')
  })

  test('a log the schema rejects is told apart (the check can fail)', () => {
    expect(sarifValidator.validate({version: '2.1.0', runs: [{tool: {driver: {}}}]}).valid).toBe(false)
  })
})

describe('Markdown and pictures for pull-request comments', () => {
  test('diff and test -o markdown are tables', async () => {
    const d = await runCli(['diff', '-f', 'examples/osm/00-mesh.yaml', '-f2', 'examples/osm', '-o', 'markdown'])
    expect(d.stdout).toMatch(/^## Egress reachability diff \(osm\)$/m)
    expect(d.stdout).toMatch(/^\| 🟥 newly allowed \| `curl\/curl` \| `curl .*` \| deny \| allow \| Egress\/curl\/httpbin-\d+ at examples\/osm\/egress-httpbin\.yaml:\d+ \|$/m)
    const t = await runCli(['test', fixture('failing.yaml'), '-o', 'markdown'])
    expect(t.stdout).toMatch(/^\| 2: .* \| `failing\.yaml:10` /m)
  })

  test('explain -o mermaid: the client, the egress gateway hop, allowed and denied edges', async () => {
    const r = await runCli(['explain', '-f', 'examples/istio', '-o', 'mermaid'])
    expect(r.stdout).toMatch(/^```mermaid\nflowchart LR\n/)
    const node = (label: string) => r.stdout.match(new RegExp(`^ {2}(n\\d+)\\["${label.replace(/[.()/]/g, '\\$&')}"\\]$`, 'm'))?.[1]
    const [client, gateway, cnn] = [node('default/sleep (istio)'), node('gateway istio-system/istio-egressgateway'), node('edition.cnn.com')]
    expect([client, gateway, cnn].every(Boolean)).toBe(true)
    expect(r.stdout).toMatch(new RegExp(`^ {2}${client} -- "HTTP 80" --> ${gateway}$`, 'm'))
    expect(r.stdout).toMatch(new RegExp(`^ {2}${gateway} -- "HTTP 80 ✔" --> ${cnn}$`, 'm'))
    expect(r.stdout).toMatch(/ -\. ".* ✘ .*" \.-> /)
  })

  test('explain -o dot: the same graph for Graphviz', async () => {
    const r = await runCli(['explain', '-f', 'examples/istio', '-o', 'dot'])
    expect(r.stdout).toMatch(/^digraph egress \{\n {2}rankdir=LR;/)
    expect(r.stdout).toMatch(/style=dashed, color=red/)
  })
})

test('every finding code a report can carry has its page in docs/findings', async () => {
  const codes = new Set<string>()
  for (const args of [
    ['explain', '-f', 'examples/osm', '-f', join(ROOT, 'test', 'fixtures', 'sarif', 'egress-with-findings.yaml')],
    ['explain', '-f', 'examples/istio'],
    ['explain', '-f', 'examples/osm-edge'],
  ]) {
    const log = JSON.parse((await runCli([...args, '-o', 'sarif'])).stdout) as Sarif
    for (const r of log.runs[0].tool.driver.rules) codes.add(r.id)
  }
  for (const code of [...codes, 'TEST_EXPECTATION_FAILED', 'TEST_STEP_ERROR', 'DIFF_NEWLY_ALLOWED', 'DIFF_NEWLY_DENIED'])
    expect(existsSync(join(ROOT, 'docs', 'findings', `${code}.md`)), code).toBe(true)
})
