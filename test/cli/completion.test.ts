import {execFile, execFileSync} from 'node:child_process'
import {mkdtempSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {ROOT} from '../helpers/cli.js'

/** The two executables as an install puts them on PATH, and a real kubectl in front of them. */
const bin = mkdtempSync(join(tmpdir(), 'egress-bin-'))
symlinkSync(join(ROOT, 'bin', 'run.js'), join(bin, 'kubectl-egress'))
symlinkSync(join(ROOT, 'bin', 'complete.js'), join(bin, 'kubectl_complete-egress'))
const kubectl = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v kubectl'], {encoding: 'utf8'}).trim()
  } catch {
    return ''
  }
})()
if (!kubectl && process.env.CI) throw new Error('kubectl is not on PATH: the completion tests need a real kubectl (≥ 1.26) under CI')

/** `kubectl __complete egress WORD…`: kubectl finds kubectl_complete-egress on PATH and relays its answer. */
function kubectlComplete(words: string[], env: NodeJS.ProcessEnv = {}): Promise<{values: string[]; directive: number; stdout: string}> {
  return new Promise((resolve, reject) => {
    execFile(kubectl, ['__complete', 'egress', ...words], {cwd: ROOT, env: {...process.env, PATH: bin + delimiter + process.env.PATH, ...env}}, (err, stdout) => {
      if (err) return reject(err)
      const lines = stdout.trimEnd().split('\n')
      const directive = Number(lines.pop()!.slice(1))
      resolve({values: lines.map((l) => l.split('\t')[0]), directive, stdout})
    })
  })
}

// Directive bits: spf13/cobra completions.go (NoSpace 2, NoFileComp 4, FilterFileExt 8).
describe.skipIf(!kubectl)('completion through a real kubectl (issue 12, point 3)', () => {
  test('kubectl __complete egress tr lists trace (and nothing that does not start with tr)', async () => {
    const r = await kubectlComplete(['tr'])
    expect(r.values).toEqual(['trace'])
    expect(r.stdout).toMatch(/^trace\tReplay a request/)
    expect(r.directive).toBe(4)
  })

  test('kubectl __complete egress trace --fr lists --from', async () => {
    const r = await kubectlComplete(['trace', '--fr'])
    expect(r.values).toEqual(['--from'])
  })

  test('every command at the top, create mesh-switch below create', async () => {
    expect((await kubectlComplete([''])).values).toEqual(
      expect.arrayContaining(['apply', 'create', 'delete', 'diff', 'edit', 'explain', 'rules', 'snapshot', 'test', 'trace', 'validate']),
    )
    expect((await kubectlComplete(['create', 'me'])).values).toEqual(['mesh-switch'])
  })

  test('flag values: --mesh and -o list their choices; --mesh=i completes in place', async () => {
    expect((await kubectlComplete(['trace', '--mesh', ''])).values).toEqual(['osm', 'osm-edge', 'istio'])
    expect((await kubectlComplete(['trace', '--mesh=i'])).values).toEqual(['--mesh=istio'])
    expect((await kubectlComplete(['trace', '-o', ''])).values).toEqual(expect.arrayContaining(['text', 'json', 'yaml', 'jsonpath=']))
    const template = await kubectlComplete(['trace', '-o', 'jsonp'])
    expect(template).toMatchObject({values: ['jsonpath='], directive: 4 | 2})
  })

  test('-f completes manifests exactly as kubectl apply -f does', async () => {
    const ours = await kubectlComplete(['trace', '-f', ''])
    const kubectls = execFileSync(kubectl, ['__complete', 'apply', '-f', ''], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
    expect(ours.stdout).toBe(kubectls)
  })

  test('--from offers the clients of the -f files, as kubectl names them', async () => {
    const r = await kubectlComplete(['trace', '-f', 'examples/osm', '--from', ''])
    expect(r.values).toEqual(expect.arrayContaining(['deploy/curl', 'sa/curl', 'curl/curl']))
    expect((await kubectlComplete(['trace', '-f', 'examples/istio', '--from', 'dep'])).values.sort()).toEqual(['deploy/istio-egressgateway', 'deploy/sleep'])
    expect((await kubectlComplete(['trace', '-f', 'examples/istio', '-n', ''])).values).toEqual(['default', 'istio-system'])
  })

  test('after --, the words are the request: no flags offered', async () => {
    const r = await kubectlComplete(['trace', '--', 'curl', '--'])
    expect(r.values).toEqual([])
  })

  test('without a reachable cluster --from offers nothing, quickly, and never fails the shell', async () => {
    const home = mkdtempSync(join(tmpdir(), 'home-'))
    const r = await kubectlComplete(['trace', '--from', ''], {KUBECONFIG: '', HOME: home})
    expect(r).toMatchObject({values: [], directive: 4})
  })
})
