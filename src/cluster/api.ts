import type {KubeConfig} from '@kubernetes/client-node'
import {request as httpRequest, type IncomingMessage} from 'node:http'
import {Agent, request as httpsRequest, type RequestOptions} from 'node:https'

/** A non-2xx answer: the HTTP status and the API server's Status object (or its text when it sent no JSON). */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly body: unknown,
  ) {
    super(`the API server answered ${code}`)
  }
}

/** No complete answer within --request-timeout. */
export class RequestTimeout extends Error {
  readonly code = 'REQUEST_TIMEOUT'
  constructor(readonly seconds: number) {
    super(`no answer within ${seconds} s`)
  }
}

export interface Call {
  query?: Record<string, string | number | undefined>
  /** Sent as JSON unless `contentType` says otherwise (server-side apply takes application/apply-patch+yaml). */
  body?: unknown
  contentType?: string
  /** Answer with the body as text (the pod log endpoint answers text/plain). */
  text?: boolean
}

/** One request to the API server, answered with its parsed JSON body. */
export type Send = (method: 'GET' | 'PATCH' | 'DELETE', path: string, call?: Call) => Promise<unknown>

/**
 * Every call to the cluster goes through here: credentials and TLS from client-node's KubeConfig (tokens,
 * client certificates, exec and auth-provider plugins, proxy-url), the JSON body kept as the server wrote it
 * (client-node's typed list drops `metadata.continue` of custom resources), and one deadline per request
 * covering connect, TLS, headers and body, as kubectl's --request-timeout (client-go sets it as
 * http.Client.Timeout, rest/transport.go HTTPClientFor). `timeoutSeconds` 0 waits forever, as kubectl's 0 does.
 */
export function makeSend(kc: KubeConfig, server: string, timeoutSeconds: number): Send {
  const base = server.replace(/\/+$/, '')
  const agents = base.startsWith('https:') ? keepAliveAgents(kc) : () => undefined
  return async (method, path, call = {}) => {
    const abort = new AbortController()
    const timer = timeoutSeconds ? setTimeout(() => abort.abort(new RequestTimeout(timeoutSeconds)), timeoutSeconds * 1000) : undefined
    try {
      return await send(kc, agents, method, base + path + queryString(call.query), call, abort.signal)
    } catch (e) {
      throw abort.signal.aborted ? abort.signal.reason : e
    } finally {
      clearTimeout(timer)
    }
  }
}

async function send(kc: KubeConfig, agents: (opts: RequestOptions) => Agent | undefined, method: string, url: string, call: Call, signal: AbortSignal): Promise<unknown> {
  const opts: RequestOptions = {headers: {}}
  // Per request, as client-node does: an exec plugin's token or certificate may have been renewed.
  await untilAborted(kc.applyToHTTPSOptions(opts), signal)
  const body = call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body)
  const headers = {
    ...opts.headers,
    Accept: call.text ? 'text/plain, */*' : 'application/json',
    ...(body !== undefined ? {'Content-Type': call.contentType ?? 'application/json'} : {}),
  }
  // `signal` destroys the socket too, so a silent server cannot keep the process alive.
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = (url.startsWith('http:') ? httpRequest : httpsRequest)(url, {method, agent: agents(opts) ?? opts.agent, auth: opts.auth, headers, signal}, resolve)
    req.on('error', reject)
    req.end(body)
  })
  const text = await untilAborted(
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      res.on('error', reject)
    }),
    signal,
  )
  const status = res.statusCode ?? 0
  const parsed = parseJson(text)
  if (status < 200 || status > 299) throw new ApiError(status, parsed ?? text)
  return call.text ? text : parsed
}

/**
 * One keep-alive agent while the TLS settings stay the same (client-node makes a new agent, and so a new TLS
 * handshake, for every request: 5–8 ms each here, on a list of many pages). Through a proxy-url, and for
 * plain http, client-node's agent is used as it is.
 */
function keepAliveAgents(kc: KubeConfig): (opts: RequestOptions) => Agent | undefined {
  const FIELDS = ['ca', 'cert', 'key', 'rejectUnauthorized', 'servername'] as const
  let current: {tls: unknown[]; agent: Agent} | undefined
  return (opts) => {
    if (kc.getCurrentCluster()?.proxyUrl) return undefined
    const tls = FIELDS.map((f) => opts[f])
    const same = current?.tls.every((v, i) => (Buffer.isBuffer(v) && Buffer.isBuffer(tls[i]) ? v.equals(tls[i] as Buffer) : v === tls[i]))
    if (!current || !same) {
      current?.agent.destroy()
      current = {tls, agent: new Agent({keepAlive: true, ...Object.fromEntries(FIELDS.map((f) => [f, opts[f]]))})}
    }
    return current.agent
  }
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, {once: true})
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

function queryString(query: Call['query']): string {
  const entries = Object.entries(query ?? {}).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
  return entries.length ? '?' + new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString() : ''
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
