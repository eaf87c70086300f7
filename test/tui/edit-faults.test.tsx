import {spawnSync} from 'node:child_process'
import {chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {cleanup} from 'ink-testing-library'
import {afterEach, describe, expect, test} from 'vitest'
import {readRecovery, recoveryPath} from '../../src/tui/save.js'
import {openEditorOn} from './open-editor.js'
import {ROOT} from '../helpers/cli.js'

/**
 * The editor keeps every edit through each fault of issue 10: a kill right after a change, a recovery file
 * that cannot be written (a file where $XDG_STATE_HOME should be a directory, a full disk), a save killed
 * between its write and its rename, a symlinked file, a read-only file.
 */
const KEY = {enter: '\r', esc: '\u001B', ctrlC: '\u0003'}
const EXAMPLE = 'examples/osm/egress-httpbin.yaml'
/** The example has three policies; `x` removes the first, Egress curl/httpbin-443. */
const EDITED = 'Policies (2)'
/** Wide enough for the status line to show a temporary path whole. */
const WIDE = {columns: 200, rows: 24}

afterEach(() => cleanup())

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'egress-faults-'))
}

function exampleCopy(dir: string, name = 'egress.yaml'): string {
  const file = join(dir, name)
  writeFileSync(file, readFileSync(EXAMPLE, 'utf8'))
  return file
}

const withoutFirstPolicy = (text: string) => !text.includes('name: httpbin-443') && text.includes('name: httpbin-80')

describe('the recovery file', () => {
  test('holds an edit as soon as the screen shows it (no pause in typing needed)', async () => {
    const dir = scratch()
    const file = exampleCopy(dir)
    const env = {XDG_STATE_HOME: join(dir, 'state')}
    const ed = await openEditorOn(file, env, WIDE)
    await ed.waitFor('Policies (3)')
    await ed.press('x')
    await ed.waitFor(EDITED)
    const kept = readRecovery(file, readFileSync(file, 'utf8'), env)
    expect(kept && withoutFirstPolicy(kept.text)).toBe(true)
  })

  test('XDG_STATE_HOME naming a file: the status line says so, Ctrl-C does not quit, s saves the edit', async () => {
    const dir = scratch()
    const file = exampleCopy(dir)
    const state = join(dir, 'not-a-dir')
    writeFileSync(state, '')
    const ed = await openEditorOn(file, {XDG_STATE_HOME: state}, WIDE)
    await ed.waitFor('Policies (3)')
    await ed.press('x')
    await ed.waitFor(/unsaved work is not being kept: cannot write .*not-a-dir.*ENOTDIR/)
    await ed.press(KEY.ctrlC)
    await ed.waitFor('not quitting: unsaved work could not be kept')
    expect(ed.exits).toEqual([])
    await ed.press('s')
    await ed.waitFor(`saved ${file}`)
    expect(withoutFirstPolicy(readFileSync(file, 'utf8'))).toBe(true)
  })

  test('a full disk (the write gets ENOSPC from /dev/full): shown, and the editor goes on', async () => {
    const dir = scratch()
    const file = exampleCopy(dir)
    const env = {XDG_STATE_HOME: join(dir, 'state')}
    // The keeper writes `<recovery path>.<pid>.tmp` first; this process is the editor here.
    const path = recoveryPath(file, env)
    mkdirSync(join(path, '..'), {recursive: true})
    symlinkSync('/dev/full', `${path}.${process.pid}.tmp`)
    const ed = await openEditorOn(file, env, WIDE)
    await ed.waitFor('Policies (3)')
    await ed.press('x')
    await ed.waitFor(/unsaved work is not being kept: .*ENOSPC/)
    await ed.press('s')
    await ed.waitFor(`saved ${file}`)
    expect(withoutFirstPolicy(readFileSync(file, 'utf8'))).toBe(true)
  })
})

describe('saving', () => {
  test('a save killed (SIGKILL) between its write and its rename: the next start offers the new text', async () => {
    const built = join(ROOT, 'dist/src/tui/save.js')
    expect(statSync(built, {throwIfNoEntry: false}), 'the compiled sources are missing: npm run build').toBeDefined()
    const dir = scratch()
    const file = exampleCopy(dir)
    const before = readFileSync(file, 'utf8')
    const newText = before.replace('name: httpbin-80', 'name: renamed-80')
    // The real saveFile in a child process that dies, by SIGKILL, at the moment saveFile renames its temporary.
    const child = spawnSync(process.execPath, [
      '--input-type=module',
      '-e',
      `
      import fs from 'node:fs'
      import {syncBuiltinESMExports} from 'node:module'
      fs.renameSync = () => process.kill(process.pid, 'SIGKILL')
      syncBuiltinESMExports()
      const {saveFile} = await import(${JSON.stringify(pathToFileURL(built).href)})
      saveFile(process.argv[1], process.argv[2])
    `,
      file,
      newText,
    ])
    expect(child.signal).toBe('SIGKILL')
    expect(readFileSync(file, 'utf8')).toBe(before)
    expect(readdirSync(dir).filter((n) => n.endsWith('.egress-tmp'))).toHaveLength(1)

    const ed = await openEditorOn(file, {XDG_STATE_HOME: join(dir, 'state')}, WIDE)
    await ed.waitFor('from a save that was interrupted')
    await ed.press('r')
    await ed.waitFor('[modified]')
    await ed.press('s')
    await ed.waitFor(`saved ${file}`)
    expect(readFileSync(file, 'utf8')).toBe(newText)
    expect(readdirSync(dir).filter((n) => n.endsWith('.egress-tmp'))).toEqual([])
  })

  test('through a symlink: the target gets the text, the link stays a link', async () => {
    const dir = scratch()
    mkdirSync(join(dir, 'real'))
    const target = exampleCopy(join(dir, 'real'))
    const link = join(dir, 'egress.yaml')
    symlinkSync(join('real', 'egress.yaml'), link)
    const ed = await openEditorOn(link, {XDG_STATE_HOME: join(dir, 'state')}, WIDE)
    await ed.waitFor('Policies (3)')
    await ed.press('x')
    await ed.waitFor(EDITED)
    await ed.press('s')
    await ed.waitFor(`saved ${link}`)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(withoutFirstPolicy(readFileSync(target, 'utf8'))).toBe(true)
  })

  test('a read-only file: refused with a line that says so; overwritten only after y, and stays read-only', async () => {
    const dir = scratch()
    const file = exampleCopy(dir)
    const before = readFileSync(file, 'utf8')
    chmodSync(file, 0o444)
    const ed = await openEditorOn(file, {XDG_STATE_HOME: join(dir, 'state')}, WIDE)
    await ed.waitFor('Policies (3)')
    await ed.press('x')
    await ed.waitFor(EDITED)
    await ed.press('s')
    await ed.waitFor(`${file} is read-only. y overwrite anyway`)
    await ed.press(KEY.esc)
    await ed.waitFor(`not saved: ${file} is read-only`)
    expect(readFileSync(file, 'utf8')).toBe(before)

    await ed.press('s')
    await ed.waitFor('is read-only. y overwrite anyway')
    await ed.press('y')
    await ed.waitFor(`saved ${file}`)
    expect(withoutFirstPolicy(readFileSync(file, 'utf8'))).toBe(true)
    expect(statSync(file).mode & 0o777).toBe(0o444)
  })
})

test('the temporary of a save still running (its process alive) is not offered', () => {
  const dir = scratch()
  const file = exampleCopy(dir)
  writeFileSync(join(dir, `.egress.yaml.${process.pid}.egress-tmp`), 'kind: Other\n')
  expect(readRecovery(file, readFileSync(file, 'utf8'), {XDG_STATE_HOME: join(dir, 'state')})).toBeNull()
})
