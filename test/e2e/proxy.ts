import {readFileSync} from 'node:fs'
import {request, createServer, type Server} from 'node:https'
import type {IncomingMessage} from 'node:http'
import type {AddressInfo} from 'node:net'
import type {Apiserver} from './apiserver.js'

/**
 * An HTTPS server in front of the API server, with the API server's own certificate, that forwards every
 * request as it is after `before(request)` has run: a kubeconfig that names it instead of the API server
 * works unchanged, and the test can change the cluster between two requests of one command. Each answer's
 * status is recorded in `answers`, so the test can check that what it provoked happened.
 */
export async function startProxy(apiserver: Apiserver, before: (req: IncomingMessage) => Promise<void>, answers: Array<{url: string; status: number}> = []): Promise<{url: string; close: () => Promise<void>}> {
  const target = new URL(/server: (\S+)/.exec(readFileSync(apiserver.kubeconfig, 'utf8'))![1])
  const ca = readFileSync(apiserver.pki.ca)
  const server: Server = createServer({cert: readFileSync(apiserver.pki.cert), key: readFileSync(apiserver.pki.key)}, (req, res) => {
    before(req).then(
      () => {
        const upstream = request({host: target.hostname, port: target.port, path: req.url, method: req.method, headers: {...req.headers, host: target.host}, ca}, (answer) => {
          answers.push({url: req.url ?? '', status: answer.statusCode ?? 0})
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
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
  const range = (await (await fetch(`${etcd}/v3/kv/range`, {method: 'POST', body: JSON.stringify({key: Buffer.from('/').toString('base64')})})).json()) as {header: {revision: string}}
  const revision = Number(range.header.revision)
  const answer = await fetch(`${etcd}/v3/kv/compaction`, {method: 'POST', body: JSON.stringify({revision: String(revision), physical: true})})
  if (!answer.ok) throw new Error(`etcd compaction answered ${answer.status}: ${await answer.text()}`)
  return revision
}
