import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

const env = {NODE_OPTIONS: `--import=${join(ROOT, 'test', 'helpers', 'deny-client-node.mjs')}`}

describe('commands that work on files never load the cluster client', () => {
  test.each([
    ['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', '-sI', 'https://httpbin.org/get'],
    ['rules', '-f', 'examples/osm', '--from', 'curl/curl'],
    ['validate', '-f', 'examples/osm'],
  ])('%s -f', async (...args) => {
    const r = await runCli(args, {env})
    expect(r.stderr).not.toContain('client-node was loaded')
    expect(r.status).toBe(0)
  })

  test('the guard itself works: reading a cluster does load it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lazy-'))
    const kubeconfig = join(dir, 'config')
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    )
    const r = await runCli(['snapshot', '--kubeconfig', kubeconfig], {env})
    expect(r.stderr).toContain('@kubernetes/client-node was loaded')
  })
})

describe('no kubeconfig: a clear error, never a fallback to localhost:8080', () => {
  test('trace without -f and without any kubeconfig', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'))
    const r = await runCli(['trace', '--from', 'curl/curl', '--', 'curl', 'https://httpbin.org/get'], {env: {KUBECONFIG: '', HOME: home}})
    expect(r.status).toBe(2)
    expect(r.stderr).toBe(`error: no kubeconfig: ${home}/.kube/config does not exist and KUBECONFIG is not set; pass --kubeconfig FILE\n`)
  })
})
