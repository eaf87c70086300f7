import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

// bin/run.js prints help from the help bundle (src/cli/help-fast.ts); KUBECTL_EGRESS_BUNDLE=0 sends the same
// command line through oclif's run. oclif's output is the reference: the two must be byte-identical.
const oclifPath = {KUBECTL_EGRESS_BUNDLE: '0'}
const denyOclifCore = {NODE_OPTIONS: `--require=${join(ROOT, 'test', 'helpers', 'deny-oclif-core.cjs')}`}

/** Every command oclif knows: ours and the plugins' (package.json oclif.plugins), from their manifests. */
function commandIds(): string[] {
  const manifests = ['oclif.manifest.json', ...['@oclif/plugin-help', '@oclif/plugin-autocomplete'].map((p) => join('node_modules', p, 'oclif.manifest.json'))]
  return manifests.flatMap((m) => Object.keys((JSON.parse(readFileSync(join(ROOT, m), 'utf8')) as {commands: object}).commands))
}

/** The ways to ask for help, the root's and each command's (the n-th width asks each command the n-th way). */
const forms = [(id: string[]) => [...id, '--help'], (id: string[]) => [...id, '-h'], (id: string[]) => ['help', ...id]]
const requests = (n: number): string[][] => [[], ...forms.map((f) => f([])), ...commandIds().map((id, i) => forms[(i + n) % forms.length](id.split(':')))]

describe('help from the bundle is what oclif prints', () => {
  test('the manifests list our commands and the plugins', () => {
    expect(commandIds()).toEqual(expect.arrayContaining(['trace', 'create', 'create:mesh-switch', 'help', 'autocomplete']))
  })

  // oclif wraps to OCLIF_COLUMNS, else the terminal's width, else 80 (@oclif/core lib/screen.js); FORCE_COLOR
  // turns on ansis's bold headings without a terminal.
  const envs: NodeJS.ProcessEnv[] = [{OCLIF_COLUMNS: '60'}, {OCLIF_COLUMNS: '132', FORCE_COLOR: '1', NO_COLOR: undefined}, {}]
  for (const [n, env] of envs.entries()) {
    test.each(requests(n))(`${JSON.stringify(env)} %j`, async (...args) => {
      const [fast, oclif] = await Promise.all([runCli(args, {env: {...env, ...denyOclifCore}}), runCli(args, {env: {...env, ...oclifPath}})])
      expect(fast).toEqual(oclif)
      expect(oclif.status).toBe(0)
      expect(oclif.stdout).toContain('USAGE')
    })
  }

  test('the width changes the output (so the widths above test wrapping)', async () => {
    const [narrow, wide] = await Promise.all([runCli(['trace', '--help'], {env: {OCLIF_COLUMNS: '60'}}), runCli(['trace', '--help'], {env: {OCLIF_COLUMNS: '132'}})])
    expect(narrow.stdout).not.toBe(wide.stdout)
  })
})

describe('what the bundle does not print goes to oclif', () => {
  // DEBUG: oclif's debug lines (with timestamps) on stderr
  const cases: Array<[string[], NodeJS.ProcessEnv]> = [
    [['nope', '--help'], {}],
    [['help', 'nope'], {}],
    [['help', '-n'], {}],
    [['trace', '--help'], {DEBUG: 'oclif:*'}],
  ]
  test.each(cases)('%j %j', async (args, env) => {
    const [fast, oclif] = await Promise.all([runCli(args, {env}), runCli(args, {env: {...env, ...oclifPath}})])
    expect(fast.stdout).toBe(oclif.stdout)
    expect(fast.status).toBe(oclif.status)
    if (env.DEBUG === undefined) expect(fast.stderr).toBe(oclif.stderr)
    expect(fast.stdout.length + fast.stderr.length).toBeGreaterThan(0)
    const guarded = await runCli(args, {env: {...env, ...denyOclifCore}})
    expect(guarded.stderr).toContain('@oclif/core was loaded')
  })

  test('the guard itself works: oclif help fails under it', async () => {
    const r = await runCli(['--help'], {env: {...denyOclifCore, ...oclifPath}})
    expect(r.stderr).toContain('@oclif/core was loaded')
    expect(r.status).not.toBe(0)
  })
})
