import {mkdtempSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

// bin/run.js starts these commands from their prebuilt bundle (dist/hot); KUBECTL_EGRESS_BUNDLE=0 sends the
// same command line through oclif's run. The two must be indistinguishable to a user.
const oclifPath = {KUBECTL_EGRESS_BUNDLE: '0'}
const denyOclifIndex = {NODE_OPTIONS: `--require=${join(ROOT, 'test', 'helpers', 'deny-oclif-index.cjs')}`}
const traceArgs = ['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', '-sI', 'https://httpbin.org/get']

describe("a hot command does not load oclif's index", () => {
  test('trace runs with the index denied', async () => {
    const r = await runCli(traceArgs, {env: denyOclifIndex})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  test('the guard itself works: the oclif path fails under it', async () => {
    const r = await runCli(traceArgs, {env: {...denyOclifIndex, ...oclifPath}})
    expect(r.stderr).toContain("oclif's index was loaded")
    expect(r.status).not.toBe(0)
  })
})

describe('the compile cache (src/cli/load-bundle.ts)', () => {
  test('the first run writes it, the next run starts from it and prints the same', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'egress-compile-cache-'))
    const first = await runCli(traceArgs, {env: {XDG_CACHE_HOME: cache}})
    const written = readdirSync(join(cache, 'kubectl-egress'), {recursive: true}).map(String)
    expect(written.some((f) => f.endsWith('.v8') && f.includes('trace.cjs'))).toBe(true)
    const second = await runCli(traceArgs, {env: {XDG_CACHE_HOME: cache}})
    expect(second).toEqual(first)
    expect(first.status).toBe(0)
  })

  // procfs answers mkdir of a missing child with ENOENT, on which Node 20's recursive mkdir retries forever
  test.runIf(process.platform === 'linux')('a cache directory that cannot be made (under /proc) costs only the cache', async () => {
    const [unmakeable, usual] = await Promise.all([runCli(['--help'], {env: {XDG_CACHE_HOME: '/proc/no-such-dir'}}), runCli(['--help'])])
    expect(unmakeable).toEqual(usual)
    expect(usual.status).toBe(0)
  })
})

describe('the bundled path and the oclif path give the same result', () => {
  test.each([
    [['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', '-sI', 'https://httpbin.org/get']],
    [['trace', '-f', 'examples/osm', '--from', 'curl/curl', '-o', 'json', '--', 'curl', 'http://example.com/']],
    [['trace', '-f', 'examples/istio', '--mesh', 'istio', '--from', 'default/sleep', '--', 'curl', 'http://edition.cnn.com/politics']],
    [['validate', '-f', 'examples/osm-edge']],
    [['rules', '-f', 'examples/osm', '--from', 'curl/curl']],
    [['explain', '-f', 'examples/istio', '--mesh', 'istio']],
    [['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--frm', 'x', '--', 'curl', 'http://a/']],
    [['validate', '-f', 'no/such/file.yaml']],
    [['trace', '-f', 'examples/osm', '--from', 'curl/curl']],
    // errors raised by oclif's parser itself: a value outside a flag's options, exclusive flags, a flag's own parse
    [['trace', '-f', 'examples/osm', '--mesh', 'nope', '--', 'curl', 'http://a/']],
    [['rules', '-f', 'examples/osm', '--from', 'curl/curl', '-l', 'app=curl']],
    [['explain', '-f', 'examples/osm', '-o', 'jsonpth={.x}']],
    [['diff', '-f', 'examples/osm', '-f2', 'examples/osm']],
  ])('%j', async (args) => {
    const [bundled, oclif] = await Promise.all([runCli(args), runCli(args, {env: oclifPath})])
    expect(bundled).toEqual(oclif)
    // each case says something, so that "both printed nothing" cannot pass
    expect(bundled.stdout.length + bundled.stderr.length).toBeGreaterThan(0)
  })

  test('a failing run keeps its exit status on both paths (trace: 1 = denied)', async () => {
    const args = ['trace', '-f', 'examples/osm', '--from', 'curl/curl', '--', 'curl', 'https://denied.example.com/']
    const [bundled, oclif] = await Promise.all([runCli(args), runCli(args, {env: oclifPath})])
    expect(oclif.status).toBe(1)
    expect(bundled.status).toBe(1)
    expect(bundled.stdout).toBe(oclif.stdout)
  })

  test('--help and -h on a hot command print its help', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await runCli(['trace', flag])
      expect(r.status).toBe(0)
      expect(r.stdout).toContain('--from')
      expect(r.stdout).toMatch(/USAGE/)
    }
  })
})
