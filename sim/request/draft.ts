import type {Request} from './types.js'

/**
 * A request as typed: only what the command line says. normalizeRequest turns it into a Request by
 * filling every default, so no parser decides a default on its own.
 */
export interface RequestDraft {
  typed: string
  client: Request['client']
  /** URL scheme (curl, bare URL) or the scheme a client implies (telnet); decides the default port. */
  scheme: 'http' | 'https' | 'telnet' | 'tls' | 'tcp'
  /** Host named by the URL or command; IPv6 without brackets; an IDN host as curl converts it (its A-label). */
  host: string
  /** The host as typed, when it differs from `host` by curl's IDN conversion. */
  typedHost?: string
  /** Port as typed; undefined when left to the scheme. */
  port?: number
  /** curl --resolve HOST:PORT:ADDR entries, in order. */
  resolve: ResolveEntry[]
  /** curl --connect-to HOST1:PORT1:HOST2:PORT2 entries, in order. */
  connectTo: ConnectToEntry[]
  /** Server name set on the command line (openssl -servername); null when suppressed (-noservername). */
  sni?: string | null
  /** ALPN list set on the command line (openssl -alpn). */
  alpn?: string[]
  serverFirst: boolean
  http?: HttpDraft
}

export interface ResolveEntry {
  /** "*" matches any host (curl ≥ 7.64). */
  host: string
  port: number
  /** First address of the list; IPv6 without brackets. */
  address: string
  typed: string
}

export interface ConnectToEntry {
  /** "" matches any host / keeps the URL's host. */
  fromHost: string
  fromPort?: number
  toHost: string
  toPort?: number
  typed: string
}

export type HttpVersionWanted = '1.0' | '1.1' | '2' | '2-prior-knowledge'

export interface HttpDraft {
  /** -X/--request. */
  method?: string
  /** -I/--head. */
  head: boolean
  /** -d/--data*, -F/--form, --json: curl sends a body and defaults to POST. */
  body?: {contentType?: string; flag: string}
  /** -T/--upload-file: curl defaults to PUT. */
  upload: boolean
  /** Path and query from the URL, or from --request-target; undefined when the URL has none. */
  path?: string
  /** -H/-A/-e/-b in order, lower-case names; null removes a header curl would send ("Accept:"). */
  headers: Array<[string, string | null]>
  version?: HttpVersionWanted
}
