import {createHash} from 'node:crypto'
import {closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync} from 'node:fs'
import {homedir} from 'node:os'
import {basename, dirname, join, resolve} from 'node:path'
import {yamlProblem} from './document.js'
import type {Recovery} from './state.js'

/**
 * Writes `text` to `file` so that the file is, at every moment, either the old or the new text: a temporary
 * file in the same directory (same filesystem, so rename is atomic), flushed, then renamed over the file.
 * Refuses text that is not YAML and says why. Returns null when saved, otherwise the reason.
 */
export function saveFile(file: string, text: string): string | null {
  const problem = yamlProblem(text)
  if (problem) return `the file would not be valid YAML (${problem})`
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.egress-tmp`)
  try {
    const mode = modeOf(file)
    writeDurably(temp, text, mode)
    renameSync(temp, file)
    return null
  } catch (e) {
    rmSync(temp, {force: true})
    return (e as Error).message
  }
}

function modeOf(file: string): number {
  try {
    return statSync(file).mode & 0o777
  } catch {
    return 0o644
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

/** Unsaved work left by an earlier `edit` of `file`, if any, with a note when the file changed since. */
export function readRecovery(file: string, onDisk: string, env: NodeJS.ProcessEnv = process.env): Recovery | null {
  let record: RecoveryRecord
  try {
    record = JSON.parse(readFileSync(recoveryPath(file, env), 'utf8')) as RecoveryRecord
  } catch {
    return null
  }
  if (typeof record.text !== 'string' || record.text === onDisk) return null
  const changed = record.base !== sha256(onDisk)
  return {text: record.text, note: changed ? `${file} changed on disk since; restoring replaces those changes` : ''}
}

/**
 * Keeps the recovery file up to date while there is unsaved work: `schedule` writes after a short pause
 * in typing, `keep` writes at once (Ctrl-C), `flush` writes what is waiting (a signal or a crash), `clear`
 * removes it after a save or a deliberate discard.
 */
export interface RecoveryKeeper {
  readonly path: string
  schedule(text: string): void
  cancel(): void
  /** Writes what `schedule` is waiting to write, if anything; true when it wrote. */
  flush(): boolean
  keep(text: string): void
  clear(): void
}

export function recoveryKeeper(file: string, onDisk: string, env: NodeJS.ProcessEnv = process.env, pauseMs = 500): RecoveryKeeper {
  const path = recoveryPath(file, env)
  const base = sha256(onDisk)
  let waiting: string | null = null
  let timer: NodeJS.Timeout | null = null
  const write = (text: string) => {
    mkdirSync(dirname(path), {recursive: true})
    const record: RecoveryRecord = {file: resolve(file), text, base}
    const temp = `${path}.${process.pid}.tmp`
    writeDurably(temp, JSON.stringify(record), 0o600)
    renameSync(temp, path)
  }
  const cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
    waiting = null
  }
  return {
    path,
    schedule(text) {
      cancel()
      waiting = text
      timer = setTimeout(() => {
        timer = null
        if (waiting !== null) write(waiting)
        waiting = null
      }, pauseMs)
      timer.unref()
    },
    cancel,
    flush() {
      const text = waiting
      cancel()
      if (text === null) return false
      write(text)
      return true
    },
    keep(text) {
      cancel()
      write(text)
    },
    clear() {
      cancel()
      rmSync(path, {force: true})
    },
  }
}
