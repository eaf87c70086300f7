import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {homedir} from 'node:os'
import {createHash} from 'node:crypto'
import {join} from 'node:path'
import {ROOT} from '../helpers/cli.js'

const TOOLS = join(ROOT, '..', 'shared', 'tools', 'kube-apiserver')
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kube-apiserver')
const BIN = join(process.env.KUBE_BIN ?? join(CACHE, 'bin'), 'kube-apiserver')

/** Outside CI a machine without the built API server skips the suite; in CI (.ci/run builds it) it must run. */
export const apiserverMissing = !existsSync(BIN) && !process.env.CI
if (apiserverMissing) process.stderr.write(`test/e2e: skipped: ${BIN} is not built (run ${TOOLS}/build.sh, about 7 minutes)\n`)

/** Ports and state directory per checkout, so two clones (or worktrees) can run the suite at the same time. */
const slot = createHash('sha256').update(ROOT).digest().readUInt16BE(0) % 200

/**
 * The suite's own kube-apiserver + etcd: own state directory and ports, so a developer's running server is
 * never reused or stopped. What an earlier, killed run left behind is stopped first (stop.sh goes by the PID
 * files of that directory), so its ports are free. Returns the kubeconfig path and a stop function.
 */
export function startApiserver(): {kubeconfig: string; stop: () => void} {
  const env = {...process.env, KUBE_RUN: join(CACHE, `run-e2e-${slot}`), APISERVER_PORT: String(27000 + slot), ETCD_PORT: String(24000 + 2 * slot)}
  const stop = () => {
    execFileSync('bash', [join(TOOLS, 'stop.sh')], {env, stdio: ['ignore', 'ignore', 'inherit']})
  }
  stop()
  try {
    const out = execFileSync('bash', [join(TOOLS, 'start.sh')], {env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']})
    return {kubeconfig: out.trim().split('\n').at(-1)!, stop}
  } catch (e) {
    stop()
    throw e
  }
}
