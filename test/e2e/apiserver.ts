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

/**
 * Ports and state directory per checkout, so two clones (or worktrees) can run the suite at the same time;
 * a named instance (another e2e file running beside this one) gets a different slot of the same checkout.
 */
function slotOf(instance: string): number {
  const hash = (s: string) => createHash('sha256').update(s).digest().readUInt16BE(0)
  const base = hash(ROOT) % 200
  return instance === '' ? base : (base + 1 + (hash(instance) % 199)) % 200
}

export interface Apiserver {
  kubeconfig: string
  /** etcd's client URL (its JSON gateway serves /v3/kv/…). */
  etcd: string
  /** The serving certificate and key, and the CA that signed them (start.sh's pki directory). */
  pki: {cert: string; key: string; ca: string}
  stop: () => void
}

/**
 * The suite's own kube-apiserver + etcd: own state directory and ports, so a developer's running server is
 * never reused or stopped. What an earlier, killed run left behind is stopped first (stop.sh goes by the PID
 * files of that directory), so its ports are free.
 */
export function startApiserver(instance = ''): Apiserver {
  const slot = slotOf(instance)
  const run = join(CACHE, `run-e2e-${slot}`)
  const etcdPort = 24000 + 2 * slot
  const env = {...process.env, KUBE_RUN: run, APISERVER_PORT: String(27000 + slot), ETCD_PORT: String(etcdPort)}
  const stop = () => {
    execFileSync('bash', [join(TOOLS, 'stop.sh')], {env, stdio: ['ignore', 'ignore', 'inherit']})
  }
  stop()
  try {
    const out = execFileSync('bash', [join(TOOLS, 'start.sh')], {env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']})
    const pki = join(run, 'pki')
    return {
      kubeconfig: out.trim().split('\n').at(-1)!,
      etcd: `http://127.0.0.1:${etcdPort}`,
      pki: {cert: join(pki, 'serving.crt'), key: join(pki, 'serving.key'), ca: join(pki, 'ca.crt')},
      stop,
    }
  } catch (e) {
    stop()
    throw e
  }
}
