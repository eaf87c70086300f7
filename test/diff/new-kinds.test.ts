/**
 * diff on the Istio kinds the simulator derives proxies from (Gateway API routes, ambient waypoints with
 * AuthorizationPolicy): each state is a step of the public scenarios in test/scenarios, and the expected
 * changes follow from the outcomes those scenarios (Istio's egress tasks) assert.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parse} from 'yaml'
import {ROOT, runCli} from '../helpers/cli.js'

interface Change {
  kind: string
  request: {host: string; path: string; method: string}
  after: {verdict: string; status?: number}
  decidedAfter: {kind: string; name: string}
}

/** The scenario's resources and its first `applies` apply steps, with `edit` applied to the text, as one file in a fresh directory. */
function state(scenario: string, applies: number, edit: (text: string) => string = (t) => t): string {
  const doc = parse(readFileSync(join(ROOT, 'test', 'scenarios', scenario), 'utf8')) as {resources: string; steps: Array<{apply?: string}>}
  const steps = doc.steps.flatMap((s) => (s.apply ? [s.apply] : [])).slice(0, applies)
  const dir = mkdtempSync(join(tmpdir(), 'egress-diff-kinds-'))
  writeFileSync(join(dir, 'state.yaml'), edit([doc.resources, ...steps].join('---\n')))
  return dir
}

async function changes(before: string, after: string): Promise<Change[]> {
  const res = await runCli(['diff', '-f', before, '-f2', after, '--mesh', 'istio', '-o', 'json'])
  expect(res.stderr).toBe('')
  return (JSON.parse(res.stdout) as {changes: Change[]}).changes
}

describe('diff understands Gateway API routes and ambient waypoints', () => {
  test('a PathPrefix match added to the gateway-parented HTTPRoute: other paths through the egress gateway are newly denied (404)', async () => {
    const before = state('istio-gateway-api-egress-http.yaml', 2)
    const after = state('istio-gateway-api-egress-http.yaml', 2, (t) =>
      t.replace(
        '  rules:\n  - backendRefs:\n    - kind: Hostname',
        '  rules:\n  - matches:\n    - path:\n        type: PathPrefix\n        value: /politics\n    backendRefs:\n    - kind: Hostname',
      ),
    )
    const found = await changes(before, after)
    const denied = found.filter((c) => c.kind === 'newly-denied' && c.request.host === 'edition.cnn.com')
    expect(denied.length).toBeGreaterThan(0)
    for (const c of denied) {
      expect(c.request.path.startsWith('/politics')).toBe(false)
      expect([c.after.status, c.decidedAfter.kind, c.decidedAfter.name]).toEqual([404, 'HTTPRoute', 'forward-cnn-from-egress-gateway'])
    }
    expect(found.filter((c) => c.kind === 'newly-allowed')).toEqual([])
  })

  test("an AuthorizationPolicy on the waypoint's ServiceEntry (ALLOW GET /get): other methods and paths are newly denied (403), GET /get is not", async () => {
    const applies = (parse(readFileSync(join(ROOT, 'test', 'scenarios', 'istio-ambient-egress-waypoint.yaml'), 'utf8')) as {steps: Array<{apply?: string}>}).steps.filter(
      (s) => s.apply,
    )
    const policy = applies.findIndex((s) => s.apply!.includes('kind: AuthorizationPolicy'))
    const found = await changes(state('istio-ambient-egress-waypoint.yaml', policy), state('istio-ambient-egress-waypoint.yaml', policy + 1))
    expect(found.length).toBeGreaterThan(0)
    for (const c of found) expect([c.kind, c.after.status, c.decidedAfter.kind]).toEqual(['newly-denied', 403, 'AuthorizationPolicy'])
    // The policy's own method and path become request classes, so the diff shows what it still lets through.
    expect(found.some((c) => c.request.method !== 'GET' && c.request.path === '/get')).toBe(true)
    expect(found.some((c) => c.request.method === 'GET' && c.request.path === '/get')).toBe(false)
  })
})
