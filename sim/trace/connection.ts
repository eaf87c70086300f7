import type {HttpRequest} from '../request/types.js'
import type {Origin, Proxy, Workload} from '../rules/types.js'
import type {Outcome, Reason, Trace} from './types.js'

/** One TCP connection on its way out, as the next pod or proxy receives it. */
export interface Conn {
  /** The pod the connection leaves from. */
  from: Workload
  /** Name the bytes are meant for (the client's host; a gateway's service name on the way to it). */
  host: string
  ip?: string
  port: number
  /** What the first bytes are. */
  bytes: 'tls' | 'http' | 'tcp'
  sni?: string
  alpn: string[]
  http?: HttpRequest
  serverFirst: boolean
  /** TLS state towards the final destination. */
  tls: Trace['tls']
}

/** Where a hop ended: a final outcome, or a connection to an upstream. */
export type HopEnd = {outcome: Outcome; decided: Origin | null; sentTo?: string} | {upstream: Upstream; decided: Origin | null}

export interface Upstream {
  conn: Conn
  /** The next proxy when the upstream is a gateway of this table. */
  proxy?: Proxy
  /** Whether the previous proxy speaks HTTP to it (so a connection failure becomes a 503, not a reset). */
  viaHttp: boolean
  /** The port the next proxy accepts on, when the connection keeps its original destination (an HBONE tunnel). */
  listenPort?: number
}

/** A connection closed by the proxy: what curl reports depends on whether it was speaking TLS. */
export function reset(conn: Conn, flag: string, because: Reason): Outcome {
  return {verdict: 'deny', by: 'proxy', curlExit: conn.bytes === 'tls' ? 35 : 56, responseFlag: flag, because}
}

export function unsupported(because: Reason, decided: Origin): HopEnd {
  return {outcome: {verdict: 'unsupported', by: 'proxy', because}, decided}
}
