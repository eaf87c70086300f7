import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

// Any load of the cluster client fails (test/helpers/deny-client-node.mjs), and the kubeconfig names a
// server nothing listens on: a command that reached for a cluster could not pass.
const dir = mkdtempSync(join(tmpdir(), 'egress-mistakes-'))
const kubeconfig = join(dir, 'config')
writeFileSync(
  kubeconfig,
  'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
)
const noCluster = {NODE_OPTIONS: `--import=${join(ROOT, 'test', 'helpers', 'deny-client-node.mjs')}`, KUBECONFIG: kubeconfig}
const commands = Object.keys((JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, unknown>}).commands).map((id) => id.split(':'))

describe('-h everywhere, never touching a cluster', () => {
  test.each(commands.map((words) => [words.join(' '), words]))('%s -h', async (_, words) => {
    const r = await runCli([...words, '-h'], {env: noCluster})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain(`$ kubectl egress ${words.join(' ')}`)
  })

  test('-h among trace flags that would otherwise read the cluster', async () => {
    const r = await runCli(['trace', '--from', 'curl/curl', '-h'], {env: noCluster})
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^USAGE$/m)
  })

  test('after --, -h belongs to the request', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', '-h', 'https://httpbin.org/'], {env: noCluster})
    expect(r.stdout).not.toMatch(/^USAGE$/m)
  })
})

describe('mistyped flags and commands', () => {
  test('an unknown flag before the request is an error with the nearest flag, not part of the request', async () => {
    const r = await runCli(['trace', '-f', 'examples/osm', '--frm', 'curl/curl', 'curl', 'https://httpbin.org/'])
    expect(r.status).toBe(2)
    expect(r.stderr).toBe('error: unknown flag --frm; did you mean --from? (see -h for the flags)\n')
  })

  test('the same in a command without a request', async () => {
    const r = await runCli(['validate', '--fil', 'examples/osm'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^error: unknown flag --fil; did you mean --filename\?/)
  })

  test('an unknown command suggests the nearest one', async () => {
    const r = await runCli(['tracee', '-f', 'examples/osm'])
    expect(r.status).toBe(2)
    expect(r.stderr).toBe('error: unknown command "tracee" for "kubectl egress"; did you mean trace? (kubectl egress -h lists them)\n')
  })

  test('edit without -f says what is missing', async () => {
    const r = await runCli(['edit'])
    expect(r.status).toBe(2)
    expect(r.stderr).toBe('error: edit needs -f FILE: the file to edit (created from a template when it does not exist)\n')
  })
})

describe('an internal error exits 70 with one line, never 1 (issue 10)', () => {
  // The guard makes loading the cluster client throw a plain Error, as a bug inside kubectl-egress would.
  test('trace (where 1 means denied)', async () => {
    const r = await runCli(['trace', '--from', 'curl/curl', '--', 'curl', 'https://httpbin.org/'], {env: noCluster})
    expect(r.status).toBe(70)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(
      /^error: internal error in kubectl-egress \(a bug, not a verdict about your policies\): @kubernetes\/client-node was loaded — please report it .*; -v adds the stack trace\n$/,
    )
  })

  test('-v adds the stack', async () => {
    const r = await runCli(['trace', '-v', '--from', 'curl/curl', '--', 'curl', 'https://httpbin.org/'], {env: noCluster})
    expect(r.status).toBe(70)
    expect(r.stderr).toMatch(/\n\s+at /)
  })

  test.each([['rules', '--from', 'curl/curl'], ['explain'], ['snapshot']])('%s', async (...args) => {
    const r = await runCli(args, {env: noCluster})
    expect(r.status).toBe(70)
    expect(r.stderr).toMatch(/^error: internal error in kubectl-egress/)
  })
})
