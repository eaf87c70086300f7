import {execFile} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = `${ROOT}bin/run.js`

export interface CliResult {
  status: number
  stdout: string
  stderr: string
}

/** Runs the real CLI entry point (bin/run.js, compiled dist/) as a user would. */
export function runCli(args: string[], opts: {input?: string; env?: NodeJS.ProcessEnv} = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], {cwd: ROOT, env: {...process.env, NO_COLOR: '1', ...opts.env}, maxBuffer: 64 << 20}, (err, stdout, stderr) => {
      const status = err ? (typeof (err as {code?: unknown}).code === 'number' ? (err as {code: number}).code : 1) : 0
      resolve({status, stdout, stderr})
    })
    if (opts.input !== undefined) child.stdin?.end(opts.input)
    else child.stdin?.end()
  })
}
