import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {readRecovery} from '../../src/tui/save.js'
import {BIN, ROOT} from '../helpers/cli.js'

/**
 * A real terminal: tmux runs `kubectl egress edit` (the compiled CLI, bin/run.js) on a copy of the OSM
 * example; keys go in with send-keys and the screen comes back with capture-pane.
 */
/** Outside CI a machine without tmux skips the suite; in CI (.ci/run installs it) a missing tmux fails it. */
const tmuxMissing = spawnSync('tmux', ['-V']).status !== 0 && !process.env.CI
if (tmuxMissing) console.warn('test/tui/tmux.test.ts skipped: tmux is not installed (apt-get install -y tmux)')

/** A private tmux server, its socket in a temporary directory removed afterwards. */
const SOCKET_DIR = mkdtempSync(join(tmpdir(), 'egress-tmux-socket-'))
const SOCKET = join(SOCKET_DIR, 'tmux.sock')
const tmux = (...args: string[]) => execFileSync('tmux', ['-S', SOCKET, ...args], {encoding: 'utf8'})

async function waitForScreen(session: string, what: RegExp): Promise<string> {
  let last = ''
  for (let i = 0; i < 150; i++) {
    try {
      last = tmux('capture-pane', '-p', '-t', session)
    } catch {
      last = '(the session has ended)'
    }
    if (what.test(last)) return last
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the terminal never showed ${what}:\n${last}`)
}

/** SGR codes that set a foreground colour (39, the default colour, is not one). */
const COLOUR = /\u001b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m/

describe.skipIf(tmuxMissing)('edit in a real terminal (tmux)', () => {
  afterAll(() => {
    spawnSync('tmux', ['-S', SOCKET, 'kill-server'])
    rmSync(SOCKET_DIR, {recursive: true, force: true})
  })

  /** `kubectl egress edit` on a fresh copy of the OSM example in an 80×24 tmux session. */
  async function startEditor(session: string, env: string[]): Promise<string> {
    expect(existsSync(join(ROOT, 'dist/commands/edit.js')), 'the compiled CLI is missing: npm run build').toBe(true)
    const dir = mkdtempSync(join(tmpdir(), 'egress-tmux-'))
    cpSync(join(ROOT, 'examples/osm'), dir, {recursive: true})
    const command = [process.execPath, BIN, 'edit', '-f', join(dir, 'egress-httpbin.yaml'), '--with', join(dir, '00-mesh.yaml'), '--from', 'curl/curl']
    const vars = [`XDG_STATE_HOME=${join(dir, 'state')}`, ...env].flatMap((v) => ['-e', v])
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', ...vars, ...command)
    await waitForScreen(session, /Policies \(3\)/)
    return dir
  }

  test('opens the example, types a request, reads the verdict, quits with q; NO_COLOR gives no colour', async () => {
    const session = 'mono'
    await startEditor(session, ['NO_COLOR=1'])
    tmux('send-keys', '-t', session, '/')
    tmux('send-keys', '-t', session, '-l', 'curl https://httpbin.org/get')
    expect(await waitForScreen(session, /^\s*ALLOW — /m)).toMatch(/decided by Egress\/curl\/httpbin-443 at /)
    expect(tmux('capture-pane', '-p', '-e', '-t', session)).not.toMatch(COLOUR)

    tmux('send-keys', '-t', session, 'C-u')
    tmux('send-keys', '-t', session, '-l', 'curl http://httpbin.org/post')
    await waitForScreen(session, /^\s*DENY — /m)

    tmux('send-keys', '-t', session, 'Escape')
    await waitForScreen(session, /\? help/) // apart, or Escape and q would read as Alt-q
    tmux('send-keys', '-t', session, 'q')
    await waitForScreen(session, /\(the session has ended\)/)
  })

  test('kill -9 right after an edit shows: the next edit of the file offers it back', async () => {
    const session = 'killed'
    const dir = await startEditor(session, [])
    tmux('send-keys', '-t', session, 'x') // removes the first policy, Egress curl/httpbin-443
    await waitForScreen(session, /Policies \(2\)/)
    process.kill(Number(tmux('display-message', '-p', '-t', session, '#{pane_pid}').trim()), 'SIGKILL')
    await waitForScreen(session, /\(the session has ended\)/)
    const file = join(dir, 'egress-httpbin.yaml')
    const kept = readRecovery(file, readFileSync(file, 'utf8'), {XDG_STATE_HOME: join(dir, 'state')})
    expect(kept?.text).toMatch(/name: httpbin-80/)
    expect(kept?.text).not.toMatch(/name: httpbin-443/)
  })

  test('in a colour terminal the verdict is coloured', async () => {
    const session = 'colour'
    await startEditor(session, ['TERM=xterm-256color'])
    tmux('send-keys', '-t', session, '/')
    tmux('send-keys', '-t', session, '-l', 'curl https://httpbin.org/get')
    await waitForScreen(session, /^\s*ALLOW — /m)
    expect(tmux('capture-pane', '-p', '-e', '-t', session)).toMatch(/\u001b\[[0-9;]*32[0-9;]*mALLOW/)
    tmux('send-keys', '-t', session, 'C-c')
    await waitForScreen(session, /\(the session has ended\)/)
  })
})
