import {copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {cleanup} from 'ink-testing-library'
import {afterEach, describe, expect, test} from 'vitest'
import {readRecovery, saveFile} from '../../src/tui/save.js'
import {openEditorOn} from './open-editor.js'

const KEY = {enter: '\r', esc: '\u001B', down: '\u001B[B', backspace: '\u007F', ctrlC: '\u0003', tab: '\t'}
const EXAMPLE = 'examples/osm/egress-httpbin.yaml'

afterEach(() => cleanup())

/** The editor on a copy of the OSM example, traced with the example's mesh setup, in an 80×24 terminal. */
async function openEditor(text = readFileSync(EXAMPLE, 'utf8')) {
  const dir = mkdtempSync(join(tmpdir(), 'egress-edit-'))
  const file = join(dir, 'egress.yaml')
  writeFileSync(file, text)
  return openEditorOn(file, {XDG_STATE_HOME: join(dir, 'state')})
}

/** The trace pane's verdict: the first word of the line after the request. */
function verdict(frame: string): string | undefined {
  const lines = frame.split('\n')
  const at = lines.findIndex((l) => l.includes('> curl'))
  return /\b(ALLOW|DENY|UNSUPPORTED)\b/.exec(lines[at + 1] ?? '')?.[1]
}

describe('edit, driven by key presses', () => {
  test('create a policy, edit its host, watch the trace flip from DENY to ALLOW, save: comments kept', async () => {
    const original = readFileSync(EXAMPLE, 'utf8')
    const ed = await openEditor(original)
    await ed.waitFor('Policies (3)')

    await ed.press('/', 'curl https://api.github.com/', KEY.enter)
    await ed.waitFor('request saved')
    expect(verdict(ed.frame())).toBe('DENY')

    await ed.press('n')
    await ed.waitFor('choose a template')
    await ed.press(KEY.enter)
    await ed.waitFor('Policies (4)')
    expect(verdict(ed.frame())).toBe('DENY')

    // name, namespace, sources:, kind, namespace, name, hosts:, host
    await ed.press(...Array(7).fill(KEY.down), KEY.enter, ...Array('example.com'.length).fill(KEY.backspace), 'api.github.com')
    await ed.waitFor(/- host +api\.github\.com▏/)
    expect(verdict(ed.frame())).toBe('ALLOW') // live, before Enter
    await ed.press(KEY.enter)
    await ed.waitFor(/\+ALLOW curl https:\/\/api/) // the saved request: newly allowed by the unsaved edit

    await ed.press('s')
    await ed.waitFor('saved ')
    expect(readFileSync(ed.file, 'utf8')).toBe(`${original}---
apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata:
  name: egress-https
  namespace: curl
spec:
  sources:
  - kind: ServiceAccount
    name: curl
    namespace: curl
  hosts:
  - api.github.com
  ports:
  - number: 443
    protocol: https
`)
    expect(ed.frame()).not.toContain('[modified]')
    expect(ed.frame()).not.toMatch(/\+ALLOW/) // saved: nothing is new any more

    await ed.press('q')
    await expect.poll(() => ed.exits).toEqual([false])
  })

  test('fits 80×24: no line wider than 80 columns, no more than 24 lines', async () => {
    const ed = await openEditor()
    await ed.press('/', 'curl http://httpbin.org/post', KEY.enter)
    await ed.waitFor('request saved')
    const lines = ed.frame().split('\n')
    expect(lines.length).toBeLessThanOrEqual(24)
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80)
  })

  test('q with unsaved changes asks; Esc goes back to editing', async () => {
    const ed = await openEditor()
    await ed.press('x', 'q')
    await ed.waitFor('Unsaved changes. s save and quit · d discard and quit · Esc keep editing')
    await ed.press(KEY.esc)
    await ed.waitFor('? help')
    expect(ed.exits).toEqual([])
  })

  test('Ctrl-C keeps unsaved work; the next edit offers it back and r restores it', async () => {
    const ed = await openEditor()
    await ed.press('x')
    await ed.waitFor('Policies (2)')
    await ed.press(KEY.ctrlC)
    await expect.poll(() => ed.exits).toEqual([true])
    const disk = readFileSync(ed.file, 'utf8')
    expect(disk).toBe(readFileSync(EXAMPLE, 'utf8'))

    const recovery = readRecovery(ed.file, disk, ed.env)
    expect(recovery?.text).not.toContain('name: httpbin-443')
    cleanup()
    const again = await openEditorOn(ed.file, ed.env)
    await again.waitFor('Unsaved work from an earlier edit was kept')
    await again.press('r')
    await again.waitFor('Policies (2)')
    expect(again.frame()).toContain('[modified]')
  })

  test('? shows every key from the table', async () => {
    const ed = await openEditor()
    await ed.press('?')
    await ed.waitFor('Browsing')
    expect(ed.frame()).toContain('quit (asks first when there are unsaved changes)')
  })
})

test('a saved file is never half-written: a failed save leaves the old file and says why', () => {
  const dir = mkdtempSync(join(tmpdir(), 'egress-save-'))
  const file = join(dir, 'missing-dir', 'egress.yaml')
  expect(saveFile(file, 'a: 1\n')?.why).toMatch(/ENOENT/)
  expect(existsSync(file)).toBe(false)
  const real = join(dir, 'egress.yaml')
  copyFileSync(EXAMPLE, real)
  expect(saveFile(real, 'a: [1\n')?.why).toMatch(/^the file would not be valid YAML \(line 2/)
  expect(readFileSync(real, 'utf8')).toBe(readFileSync(EXAMPLE, 'utf8'))
})
