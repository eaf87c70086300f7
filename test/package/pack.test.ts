/**
 * issue 12, point 10: the package as users get it. `npm pack`, install the tarball globally into a temporary
 * prefix (dependencies from the npm cache that `npm ci` filled, else the registry), then run
 * `kubectl egress trace` on the examples that came with it — through a real kubectl when there is one.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {ROOT} from '../helpers/cli.js'

const prefix = mkdtempSync(join(tmpdir(), 'egress-global-'))
const out = mkdtempSync(join(tmpdir(), 'egress-pack-'))
// The global install is ~120 MB.
afterAll(() => {
  for (const dir of [prefix, out]) rmSync(dir, {recursive: true, force: true})
})
const installed = join(prefix, 'lib', 'node_modules', 'kubectl-egress')
const env = {...process.env, PATH: join(prefix, 'bin') + delimiter + process.env.PATH, NO_COLOR: '1'}
const kubectl = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v kubectl'], {encoding: 'utf8'}).trim()
  } catch {
    return ''
  }
})()
let files: string[] = []

describe('the packed tarball, installed with npm install -g', () => {
  beforeAll(() => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], {cwd: ROOT, encoding: 'utf8'})) as Array<{
      filename: string
      files: Array<{path: string}>
    }>
    files = packed[0].files.map((f) => f.path)
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(out, packed[0].filename)], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  }, 600_000)

  test('ships the examples and the license, not the benchmarks', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'examples/osm/00-mesh.yaml', 'examples/istio/00-mesh.yaml', 'bin/run.js', 'bin/complete.js']))
    expect(files.filter((f) => f.startsWith('dist/bench/') || f.startsWith('bench/'))).toEqual([])
    expect(readdirSync(join(installed, 'examples')).sort()).toEqual(['istio', 'osm', 'osm-edge'])
  })

  test('kubectl-egress and kubectl_complete-egress are on the PATH the install made', () => {
    expect(existsSync(join(prefix, 'bin', 'kubectl-egress'))).toBe(true)
    expect(existsSync(join(prefix, 'bin', 'kubectl_complete-egress'))).toBe(true)
  })

  test.skipIf(!kubectl && !process.env.CI)('kubectl egress trace on the packed examples', () => {
    const out = execFileSync(
      kubectl || 'kubectl',
      ['egress', 'trace', '-f', join(installed, 'examples', 'osm'), '--from', 'curl/curl', '--', 'curl', '-sI', 'https://httpbin.org/get'],
      {env, encoding: 'utf8'},
    )
    expect(out).toMatch(/^Verdict\s+ALLOW/m)
  })

  test('the installed bin alone, as without kubectl', () => {
    const out = execFileSync(
      join(prefix, 'bin', 'kubectl-egress'),
      ['trace', '-f', join(installed, 'examples', 'istio'), '--short', '--', 'curl', 'http://edition.cnn.com/politics'],
      {env, encoding: 'utf8'},
    )
    expect(out).toMatch(/^ALLOW {2}/)
  })
})
