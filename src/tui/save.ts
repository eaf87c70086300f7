import {createHash} from 'node:crypto'
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import {homedir} from 'node:os'
import {basename, dirname, join, resolve} from 'node:path'
import {yamlProblem} from './document.js'
import type {Recovery} from './state.js'

/** Why a save did not happen; `readOnly` when only the user's confirmation is missing. */
export interface SaveRefusal {
  why: string
  readOnly: boolean
}

/**
 * Writes `text` to `file` so that the file is, at every moment, either the old or the new text: a temporary
 * file beside the file (same filesystem, so rename is atomic), flushed, then renamed over it. A symlink is
 * written through: the file it points to gets the text and the link stays a link. A read-only file is
 * written only with `overwriteReadOnly` (keeping its mode, as vim's `:w!` does). Text that is not YAML is
 * refused. Returns null when saved.
 */
export function saveFile(file: string, text: string, overwriteReadOnly = false): SaveRefusal | null {
  const problem = yamlProblem(text)
  if (problem) return {why: `the file would not be valid YAML (${problem})`, readOnly: false}
  const target = targetOf(file)
  const mode = modeOf(target)
  if (!overwriteReadOnly && mode !== null && isReadOnly(target, mode)) {
    return {why: `${target === resolve(file) ? file : `${file} (a link to ${target})`} is read-only`, readOnly: true}
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}${TEMP_SUFFIX}`)
  try {
    writeDurably(temp, text, mode ?? 0o644)
    renameSync(temp, target)
    return null
  } catch (e) {
    rmSync(temp, {force: true})
    return {why: (e as Error).message, readOnly: false}
  }
}

/** The temporary a save writes before its rename; one left behind holds the text of an interrupted save. */
const TEMP_SUFFIX = '.egress-tmp'

/** The file a save writes: the end of a chain of symlinks (also a dangling one's target), else `file`. */
function targetOf(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    try {
      return resolve(dirname(file), readlinkSync(file))
    } catch {
      return resolve(file)
    }
  }
}

function modeOf(file: string): number | null {
  try {
    return statSync(file).mode & 0o777
  } catch {
    return null
  }
}

/** No write permission for us, or none for anyone (root may write anything, but a 0444 file says "don't"). */
function isReadOnly(file: string, mode: number): boolean {
  if ((mode & 0o222) === 0) return true
  try {
    accessSync(file, constants.W_OK)
    return false
  } catch {
    return true
  }
}

function writeDurably(path: string, text: string, mode: number): void {
  const fd = openSync(path, 'w', mode)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Temporaries left by saves of `file` whose process is gone (a `kill -9` between write and rename). */
function orphanTemps(file: string): string[] {
  const target = targetOf(file)
  const prefix = `.${basename(target)}.`
  let names: string[]
  try {
    names = readdirSync(dirname(target))
  } catch {
    return []
  }
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX) && !isRunning(Number(n.slice(prefix.length, -TEMP_SUFFIX.length))))
    .map((n) => join(dirname(target), n))
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Where unsaved work on `file` is kept: $XDG_STATE_HOME/kubectl-egress/recovery/<absolute path, escaped>. */
export function recoveryPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || join(homedir(), '.local', 'state')
  return join(state, 'kubectl-egress', 'recovery', encodeURIComponent(resolve(file)))
}

interface RecoveryRecord {
  file: string
  text: string
  /** sha256 of the file as it was when editing began, to tell whether it changed on disk since. */
  base: string
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * Unsaved work left by an earlier `edit` of `file`, if any, with a note when the file changed since: the
 * recovery file, else the newest temporary of an interrupted save.
 */
export function readRecovery(file: string, onDisk: string, env: NodeJS.ProcessEnv = process.env): Recovery | null {
  const record = readRecord(recoveryPath(file, env))
  if (record && typeof record.text === 'string' && record.text !== onDisk) {
    const changed = record.base !== sha256(onDisk)
    return {text: record.text, note: changed ? `${file} changed on disk since; restoring replaces those changes` : ''}
  }
  const orphan = orphanTemps(file)
    .map((path) => ({path, mtime: statSync(path, {throwIfNoEntry: false})?.mtimeMs ?? 0}))
    .sort((a, b) => b.mtime - a.mtime)[0]
  const text = orphan && readText(orphan.path)
  if (text === undefined || text === null || text === onDisk) return null
  return {text, note: `from a save that was interrupted: ${orphan.path}`}
}

function readRecord(path: string): RecoveryRecord | null {
  const text = readText(path)
  try {
    return text === null ? null : (JSON.parse(text) as RecoveryRecord)
  } catch {
    return null
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/**
 * Keeps the recovery file equal to the unsaved work. Neither method throws: each returns null when done,
 * otherwise why not (a full disk, $XDG_STATE_HOME not a directory), for the editor to show.
 */
export interface RecoveryKeeper {
  readonly path: string
  /** Writes `text` now, replacing what was kept. */
  keep(text: string): string | null
  /** Removes the recovery file and the temporaries of interrupted saves (after a save or a discard). */
  clear(): string | null
}

export function recoveryKeeper(file: string, onDisk: string, env: NodeJS.ProcessEnv = process.env): RecoveryKeeper {
  const path = recoveryPath(file, env)
  const base = sha256(onDisk)
  const temp = `${path}.${process.pid}.tmp`
  const attempt = (fn: () => void): string | null => {
    try {
      fn()
      return null
    } catch (e) {
      return `cannot write ${path}: ${(e as Error).message}`
    }
  }
  return {
    path,
    keep: (text) =>
      attempt(() => {
        mkdirSync(dirname(path), {recursive: true})
        const record: RecoveryRecord = {file: resolve(file), text, base}
        // Written on every change, so a killed editor loses nothing: the kernel keeps what a dead process
        // wrote. No fsync: it costs ~9 ms a key at 1,000 policies (measured; ~3.5 ms without), and power
        // loss is not what this guards against. The rename keeps the previous record whole until then.
        writeFileSync(temp, JSON.stringify(record), {mode: 0o600})
        renameSync(temp, path)
      }),
    clear: () =>
      attempt(() => {
        for (const p of [path, ...orphanTemps(file)]) rmSync(p, {force: true})
      }),
  }
}
