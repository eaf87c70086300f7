import {readFileSync} from 'node:fs'
import {request, createServer, type Server} from 'node:https'
import type {IncomingMessage} from 'node:http'
import type {AddressInfo} from 'node:net'
import type {Apiserver} from './apiserver.js'

export interface ProxyHooks {
  /** Runs before the request is forwarded: the test can change the cluster between two requests of one command. */
  before?: (req: IncomingMessage) => Promise<void>
  /** A new body for a JSON answer, or undefined to pass it on as it is. */
  rewrite?: (url: string, body: Record<string, unknown>) => Record<string, unknown> | undefined
  /** Each answer's status, recorded so the test can check that what it provoked happened. */
  answers?: Array<{url: string; status: number}>
}

/**
 * An HTTPS server in front of the API server, with the API server's own certificate, that forwards every
 * request: a kubeconfig that names it instead of the API server works unchanged.
 */
export async function startProxy(apiserver: Apiserver, hooks: ProxyHooks): Promise<{url: string; close: () => Promise<void>}> {
  const target = new URL(/server: (\S+)/.exec(readFileSync(apiserver.kubeconfig, 'utf8'))![1])
  const ca = readFileSync(apiserver.pki.ca)
  const server: Server = createServer({cert: readFileSync(apiserver.pki.cert), key: readFileSync(apiserver.pki.key)}, (req, res) => {
    const url = req.url ?? ''
    ;(hooks.before ?? (async () => {}))(req).then(
      () => {
        const upstream = request({host: target.hostname, port: target.port, path: url, method: req.method, headers: {...req.headers, host: target.host}, ca}, (answer) => {
          hooks.answers?.push({url, status: answer.statusCode ?? 0})
          const chunks: Buffer[] = []
          answer.on('data', (c: Buffer) => chunks.push(c))
          answer.on('end', () => {
            const text = Buffer.concat(chunks)
            const changed = hooks.rewrite && /json/.test(String(answer.headers['content-type'])) ? hooks.rewrite(url, JSON.parse(text.toString('utf8'))) : undefined
            const body = changed ? Buffer.from(JSON.stringify(changed)) : text
            const {'transfer-encoding': _chunked, ...headers} = answer.headers
            res.writeHead(answer.statusCode ?? 502, {...headers, 'content-length': String(body.length)})
            res.end(body)
          })
        })
        upstream.on('error', () => res.destroy())
        req.pipe(upstream)
      },
      () => res.destroy(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/**
 * Compacts etcd up to its current revision through etcd's JSON gateway, as the API server's own compactor
 * does every 5 minutes: a continue token from before then can no longer be served (410 Expired).
 */
export async function compactEtcd(etcd: string): Promise<number> {
  const range = (await (await fetch(`${etcd}/v3/kv/range`, {method: 'POST', body: JSON.stringify({key: Buffer.from('/').toString('base64')})})).json()) as {
    header: {revision: string}
  }
  const revision = Number(range.header.revision)
  const answer = await fetch(`${etcd}/v3/kv/compaction`, {method: 'POST', body: JSON.stringify({revision: String(revision), physical: true})})
  if (!answer.ok) throw new Error(`etcd compaction answered ${answer.status}: ${await answer.text()}`)
  return revision
}
