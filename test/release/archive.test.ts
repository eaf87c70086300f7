import {execFile} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parse} from 'yaml'
import {ROOT} from '../helpers/cli.js'

const run = promisify(execFile)
const out = mkdtempSync(join(tmpdir(), 'egress-release-'))
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}

// npm run release, then the archive unpacked as krew does: into a store directory, with a symlink to `bin`
// in a directory on PATH.
let manifest: {apiVersion: string; kind: string; metadata: {name: string}; spec: Record<string, unknown> & {platforms: Array<Record<string, unknown>>}}
let home: string
beforeAll(async () => {
  await run(process.execPath, [join(ROOT, 'scripts', 'release.js')], {env: {...process.env, RELEASE_OUT: out}})
  manifest = parse(readFileSync(join(out, 'egress.yaml'), 'utf8'))
  home = mkdtempSync(join(tmpdir(), 'egress-krew-'))
  mkdirSync(join(home, 'store'))
  mkdirSync(join(home, 'bin'))
  await run('tar', ['-xzf', join(out, `kubectl-egress-v${pkg.version}.tar.gz`), '-C', join(home, 'store')])
  symlinkSync(join(home, 'store', String(manifest.spec.platforms[0].bin)), join(home, 'bin', 'kubectl-egress'))
}, 240_000)
// The archive and its unpacked copy are ~140 MB each.
afterAll(() => {
  for (const dir of [out, home]) if (dir) rmSync(dir, {recursive: true, force: true})
})

describe('the release archive', () => {
  test('runs trace on a packed example through the symlink krew makes, with only node on PATH', async () => {
    const env = {PATH: [join(home, 'bin'), join(process.execPath, '..')].join(delimiter), NO_COLOR: '1'}
    const r = await run('kubectl-egress', ['trace', '-f', join(home, 'store', 'lib', 'examples', 'osm'), '--from', 'curl/curl', '--', 'curl', '-sI', 'https://httpbin.org/get'], {
      env,
      cwd: home,
    })
    // examples/osm/egress-httpbin.yaml allows https to httpbin.org:443 for curl/curl
    expect(r.stdout).toMatch(/Verdict\s+ALLOW/)
    expect(r.stdout).toContain('Egress/curl/httpbin-443')
  })

  test('holds the LICENSE', () => {
    expect(readFileSync(join(home, 'store', 'LICENSE'), 'utf8')).toContain('Apache License')
  })
})

// The rules krew applies to a manifest: sigs.k8s.io/krew internal/index/validation/validate.go
// (ValidatePlugin, validatePlatform, validateSelector) and pkg/constants (CurrentAPIVersion, PluginKind).
describe('the krew manifest', () => {
  test('has the apiVersion, kind and a name krew accepts, matching the file name egress.yaml', () => {
    expect(manifest.apiVersion).toBe('krew.googlecontainertools.github.com/v1alpha2')
    expect(manifest.kind).toBe('Plugin')
    expect(manifest.metadata.name).toBe('egress')
    expect(manifest.metadata.name).toMatch(/^[\w-]+$/)
  })

  test('has a one-line short description and a "v"-prefixed semver version', () => {
    expect(manifest.spec.shortDescription).toMatch(/^[^\r\n]+$/)
    expect(manifest.spec.version).toBe(`v${pkg.version}`)
    expect(manifest.spec.version).toMatch(/^v\d+\.\d+\.\d+/)
  })

  test('names node as a dependency, since the plugin is not a native binary', () => {
    expect(String(manifest.spec.description)).toMatch(/node/i)
    expect(String(manifest.spec.caveats)).toMatch(/node/i)
  })

  test("each platform has uri, the archive's sha256, bin and an os/arch selector", async () => {
    const {stdout} = await run('sha256sum', [join(out, `kubectl-egress-v${pkg.version}.tar.gz`)])
    expect(manifest.spec.platforms.length).toBeGreaterThan(0)
    for (const p of manifest.spec.platforms) {
      expect(p.uri).toMatch(/^https:\/\/.+\.tar\.gz$/)
      expect(p.sha256).toBe(stdout.split(' ')[0])
      expect(p.bin).toBe('kubectl-egress')
      const sel = p.selector as {matchLabels?: Record<string, string>; matchExpressions?: Array<{key: string}>}
      const keys = [...Object.keys(sel.matchLabels ?? {}), ...(sel.matchExpressions ?? []).map((e) => e.key)]
      expect(keys.length).toBeGreaterThan(0)
      for (const k of keys) expect(['os', 'arch']).toContain(k)
    }
  })
})
