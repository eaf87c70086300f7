import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

const trace = ['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', '-sI', 'https://httpbin.org/get']
/** Lines that could wrap must fit; one word (after its label) longer than the width, a path or a cluster name, is never broken. */
const overlong = (text: string, width: number) => text.split('\n').filter((l) => l.length > width && /\S\s+\S/.test(l.trim().replace(/^[\w ]+:\s+/, '')))

describe('text fits the terminal (issue 12, point 4)', () => {
  test('not a terminal and no COLUMNS: 80 columns', async () => {
    const r = await runCli(trace, {env: {COLUMNS: ''}})
    expect(r.status).toBe(0)
    expect(overlong(r.stdout, 80)).toEqual([])
    const rules = await runCli(['rules', '-f', 'examples/istio', '-o', 'wide'], {env: {COLUMNS: ''}})
    expect(overlong(rules.stdout, 80)).toEqual([])
  })

  test('COLUMNS decides the width', async () => {
    const r = await runCli(['explain', '-f', 'examples/istio'], {env: {COLUMNS: '60'}})
    expect(overlong(r.stdout, 60)).toEqual([])
    const wide = await runCli(trace, {env: {COLUMNS: '200'}})
    expect(wide.stdout).toMatch(/^Decided {3}Egress\/curl\/httpbin-443 at examples\/osm\/egress-httpbin.yaml:\d+$/m)
  })

  test('the assumed defaults fold into one line; -v lists every one', async () => {
    const json = JSON.parse((await runCli([...trace.slice(0, 5), '-o', 'json', ...trace.slice(5)])).stdout) as {request: {defaults: string[]}}
    const folded = (await runCli(trace)).stdout.split('\n').filter((l) => l.includes('assumed:'))
    expect(folded).toHaveLength(1)
    const shown = folded[0].match(/assumed: (.*); … (\d+) more \(-v lists them\)$/)
    expect(shown).not.toBeNull()
    expect(shown![1].split('; ').length + Number(shown![2])).toBe(json.request.defaults.length)
    const verbose = (await runCli([...trace.slice(0, 5), '-v', ...trace.slice(5)])).stdout
    for (const d of json.request.defaults) expect(verbose.replace(/\n\s+/g, ' ')).toContain(d)
  })

  test('--short: one line — verdict, what the client sees, what decided', async () => {
    const r = await runCli([...trace.slice(0, 5), '--short', ...trace.slice(5)])
    expect(r.stdout).toMatch(/^ALLOW {2}the destination's own answer {2}decided by Egress\/curl\/httpbin-443 at examples\/osm\/egress-httpbin.yaml:\d+\n$/)
  })
})

describe('the same -o on every command (issue 12, point 5)', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, {flags: Record<string, {char?: string; helpValue?: string}>}>}
  // edit is a terminal UI; apply and delete report writes to the cluster.
  const reporting = Object.keys(manifest.commands).filter((id) => !['edit', 'apply', 'delete'].includes(id))

  test.each(reporting)('%s takes -o text|json|yaml|name|jsonpath=TEMPLATE', (id) => {
    const output = manifest.commands[id].flags.output
    expect(output?.char).toBe('o')
    expect(output.helpValue!.split('|')).toEqual(expect.arrayContaining(['text', 'json', 'yaml', 'name', 'jsonpath=TEMPLATE']))
  })

  test('-o name: the object that decided, as kubectl get -o name spells it', async () => {
    const r = await runCli([...trace.slice(0, 5), '-o', 'name', ...trace.slice(5)])
    expect(r.stdout).toBe('egress.policy.openservicemesh.io/httpbin-443\n')
    const created = await runCli(['create', 'httpbin', '--mesh', 'istio', '--host', 'httpbin.org', '--port', '443/https', '-o', 'name'])
    expect(created.stdout).toBe('serviceentry.networking.istio.io/httpbin\n')
  })

  test('-o jsonpath in kubectl dialect on trace, validate and rules', async () => {
    const r = await runCli([...trace.slice(0, 5), '-o', 'jsonpath={.verdict}{" "}{.decidedBy.name}', ...trace.slice(5)])
    expect(r.stdout).toBe('allow httpbin-443')
    const v = await runCli(['validate', '-f', 'examples/osm', '-o', 'jsonpath={.objects}'])
    expect(v.stdout).toBe('8')
    const rules = await runCli(['rules', '-f', 'examples/osm', '-o', 'jsonpath={range .proxies.*.listeners[*].filterChains[*]}{.name}{"\\n"}{end}'])
    expect(rules.stdout.split('\n').filter(Boolean).sort()).toEqual(['egress-http.80', 'egress-https.443'])
  })

  test('a bad format or template is bad input with a suggestion', async () => {
    const r = await runCli(['validate', '-f', 'examples/osm', '-o', 'jsonpth={.x}'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^error: -o "jsonpth=\{\.x\}" is not an output format here; did you mean jsonpath/)
    const t = await runCli(['validate', '-f', 'examples/osm', '-o', 'jsonpath={.x'])
    expect(t.status).toBe(2)
    expect(t.stderr).toBe('error: -o jsonpath={.x: unclosed action\n')
  })

  test('-o wide adds the FROM column to the rules tables', async () => {
    const plain = await runCli(['rules', '-f', 'examples/osm', '--from', 'curl/curl'], {env: {COLUMNS: '400'}})
    const wide = await runCli(['rules', '-f', 'examples/osm', '--from', 'curl/curl', '-o', 'wide'], {env: {COLUMNS: '400'}})
    expect(plain.stdout).not.toMatch(/ FROM$/m)
    expect(wide.stdout).toMatch(/^ {2}LISTENER .* FROM$/m)
    expect(wide.stdout).toMatch(/egress-https\.443 .*Egress\/curl\/httpbin-443 at examples\/osm\/egress-httpbin.yaml:\d+$/m)
  })
})

describe('rules --port/--fqdn/--type narrow the tables like istioctl proxy-config', () => {
  const chains = async (...extra: string[]) => {
    const r = await runCli(['rules', '-f', 'examples/osm', '-o', 'name', ...extra])
    return r.stdout.split('\n').filter((l) => l.startsWith('filterchain/') || l.startsWith('cluster/') || l.startsWith('virtualhost/'))
  }
  // examples/osm: Egress httpbin-443 (port 443, https, tcp_proxy on SNI httpbin.org) and httpbin-80 (port 80, http routes).
  test('--port', async () => {
    expect(await chains('--port', '443')).toEqual(['filterchain/egress-https.443', 'cluster/443'])
  })
  test('--type http keeps only route-based chains and what they route to', async () => {
    const kept = await chains('--type', 'http')
    expect(kept).toContain('filterchain/egress-http.80')
    expect(kept).not.toContain('filterchain/egress-https.443')
  })
  test('--fqdn keeps what serves the host, nothing for another', async () => {
    expect((await chains('--fqdn', 'httpbin.org')).filter((l) => l.startsWith('filterchain/')).sort()).toEqual(['filterchain/egress-http.80', 'filterchain/egress-https.443'])
    expect(await chains('--fqdn', 'example.com')).toEqual([])
  })
})
