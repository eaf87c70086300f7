/**
 * --request-timeout: kubectl's value syntax, and every cluster-reading command against servers that accept a
 * connection and then never answer. Each command must give up with one line naming the server, and never
 * print the kubeconfig's token or client key.
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer as createTcpServer, type AddressInfo, type Server, type Socket} from 'node:net'
import {createServer as createHttpsServer} from 'node:https'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {InputError} from '../../src/cli/exit.js'
import {DEFAULT_REQUEST_TIMEOUT, requestTimeoutSeconds} from '../../src/cluster/request-timeout.js'
import {ROOT, runCli} from '../helpers/cli.js'

describe('--request-timeout values, as client-go clientcmd.ParseTimeout reads them', () => {
  test.each([
    ['0', 0],
    ['30', 30],
    ['1s', 1],
    ['2m', 120],
    ['3h', 10800],
    ['1m30s', 90],
    ['250ms', 0.25],
    ['1.5s', 1.5],
  ])('%s → %d s', (text, seconds) => {
    expect(requestTimeoutSeconds(text)).toBe(seconds)
  })

  // "5" alone is seconds, but "1.5" has no unit and is not a whole number; "-1s" kubectl would treat as none.
  test.each(['1.5', 'abc', '5d', '', '-1s', '-1', '1 s'])('%j is refused', (text) => {
    expect(() => requestTimeoutSeconds(text)).toThrow(InputError)
  })

  test('the default is 32 s (client-go discovery defaultTimeout), not forever', () => {
    expect(DEFAULT_REQUEST_TIMEOUT).toBe('32s')
    expect(requestTimeoutSeconds()).toBe(32)
  })
})

const TOKEN = 'tok-do-not-print-0123456789abcdef'
let dir: string
let cert: string
let key: string
const servers: Server[] = []
const sockets: Socket[] = []

/** Listens on a free loopback port; connections are kept open and never answered. */
async function listen(server: Server): Promise<number> {
  server.on('connection', (s: Socket) => sockets.push(s))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** A kubeconfig for `port` with a bearer token and a client certificate and key, so both could leak. */
function kubeconfig(name: string, port: number): string {
  const file = join(dir, `${name}.kubeconfig`)
  const b64 = (f: string) => readFileSync(f).toString('base64')
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:${port}\n    certificate-authority-data: ${b64(cert)}\nusers:\n- name: u\n  user:\n    token: ${TOKEN}\n    client-certificate-data: ${b64(cert)}\n    client-key-data: ${b64(key)}\ncontexts:\n- name: ${name}\n  context: {cluster: c, user: u}\ncurrent-context: ${name}\n`,
  )
  return file
}

const silent: Record<string, {kubeconfig: string; server: string}> = {}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'request-timeout-'))
  cert = join(dir, 'tls.crt')
  key = join(dir, 'tls.key')
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
    {stdio: 'ignore'},
  )
  const tls = {cert: readFileSync(cert), key: readFileSync(key)}
  const ports = {
    // Accepts TCP connections and sends nothing: the TLS handshake never completes.
    tcp: await listen(createTcpServer(() => {})),
    // Completes TLS, reads the request, never answers.
    https: await listen(createHttpsServer(tls, () => {})),
    // Sends the status line and headers of a list, then no body.
    body: await listen(createHttpsServer(tls, (_req, res) => res.writeHead(200, {'content-type': 'application/json'}).flushHeaders())),
  }
  for (const [name, port] of Object.entries(ports)) silent[name] = {kubeconfig: kubeconfig(name, port), server: `https://127.0.0.1:${port}`}
})

afterAll(async () => {
  for (const s of sockets) s.destroy()
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  rmSync(dir, {recursive: true, force: true})
})

const EGRESS = join(ROOT, 'examples', 'osm', 'egress-httpbin.yaml')
const commands: Array<[string, string[]]> = [
  ['trace', ['trace', '--from', 'curl/curl', '--', 'curl', 'http://httpbin.org/get']],
  ['rules', ['rules', '--from', 'curl/curl']],
  ['explain', ['explain']],
  ['snapshot', ['snapshot']],
  ['diff --against-cluster', ['diff', '--against-cluster', '-f', EGRESS, '--from', 'curl/curl']],
  ['apply', ['apply', '-f', EGRESS, '--yes']],
  ['delete', ['delete', '-f', EGRESS, '--yes']],
]

describe('a server that accepts and never answers: one line naming it, exit 2, no secret printed', () => {
  for (const kind of ['tcp', 'https']) {
    test.concurrent.each(commands)(`${kind}: %s`, async (_name, args) => {
      const {kubeconfig, server} = silent[kind]
      const r = await runCli([args[0], '--kubeconfig', kubeconfig, '--request-timeout', '1s', ...args.slice(1)])
      expect(r.stderr).toBe(`error: discover APIs: the API server ${server} of context "${kind}" did not answer within 1s (--request-timeout; 0 waits forever)\n`)
      expect(r.status).toBe(2)
      const key64 = readFileSync(key).toString('base64')
      const keyBody = readFileSync(key, 'utf8').split('\n')[1]
      for (const out of [r.stdout, r.stderr]) for (const secret of [TOKEN, key64, keyBody]) expect(out).not.toContain(secret)
    })
  }

  test('a server that sends headers and then no body times out too: the deadline covers the whole answer', async () => {
    const {kubeconfig, server} = silent.body
    const r = await runCli(['snapshot', '--kubeconfig', kubeconfig, '--request-timeout', '1'])
    expect(r.stderr).toBe(`error: discover APIs: the API server ${server} of context "body" did not answer within 1s (--request-timeout; 0 waits forever)\n`)
    expect(r.status).toBe(2)
  })

  test('a bad value is one line and exit 2, before anything is sent', async () => {
    const r = await runCli(['snapshot', '--kubeconfig', silent.tcp.kubeconfig, '--request-timeout', '5d'])
    expect(r.stderr).toBe('error: --request-timeout: "5d" is not a duration: give whole seconds or a number with a unit, e.g. 30, 1s, 2m, 3h (0 waits forever)\n')
    expect(r.status).toBe(2)
  })
})
