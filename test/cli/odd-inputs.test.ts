/** Inputs with nothing in them, or things that are not files, through the built CLI: one line, the documented exit. */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {runCli} from '../helpers/cli.js'

const empty = mkdtempSync(join(tmpdir(), 'egress-empty-'))

describe('no objects at all is bad input (exit 2), never a pass', () => {
  test.each([
    ['validate', ['validate', '-f', empty]],
    ['trace', ['trace', '-f', empty, '--from', 'a/b', '--mesh', 'osm', '--', 'curl', 'http://x']],
    ['explain', ['explain', '-f', empty]],
  ])('%s of an empty directory', async (_, args) => {
    const r = await runCli(args)
    expect(r.status).toBe(2)
    expect((r.stdout + r.stderr).split('\n').filter((l) => l.includes('no objects found'))).toEqual([expect.stringContaining(`${empty}:0: no objects found`)])
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  test('validate of empty stdin', async () => {
    const r = await runCli(['validate', '-f', '-'], {input: ''})
    expect(r.status).toBe(2)
    expect(r.stdout + r.stderr).toContain('<stdin>:0: no objects found')
  })

  test('test: a scenario whose files: is empty fails its trace step', async () => {
    const d = mkdtempSync(join(tmpdir(), 'egress-scenario-'))
    const scenario = join(d, 'empty.yaml')
    writeFileSync(
      scenario,
      'name: nothing loaded\nmesh: osm\nfiles: []\nsteps:\n  - trace:\n      from: curl/curl\n      request: curl http://x\n    expect:\n      verdict: deny\n',
    )
    const r = await runCli(['test', scenario, '-o', 'json'])
    expect(r.status).toBe(2)
    const [step] = JSON.parse(r.stdout).steps as Array<{passed: boolean; errors: string[]}>
    expect(step.passed).toBe(false)
    expect(step.errors).toEqual([`${scenario}:5: no objects: files: and resources: loaded nothing before this step`])
  })
})

test('a FIFO named *.yaml inside a -f directory is skipped and named; the rest is checked', async () => {
  const d = mkdtempSync(join(tmpdir(), 'egress-fifo-'))
  writeFileSync(join(d, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n')
  execFileSync('mkfifo', [join(d, 'wait.yaml')])
  const r = await runCli(['validate', '-f', d])
  expect(r.status).toBe(0)
  expect(r.stdout + r.stderr).toContain(`${join(d, 'wait.yaml')}:0: warning: skipped: not a regular file (a FIFO)`)
})
