/**
 * A request as the client inside the pod would make it, with every default filled in (see
 * normalize.ts): the simulator never guesses a field later.
 */
export interface Request {
  /** What the user typed, e.g. "curl -sI https://httpbin.org/get". */
  typed: string
  client: 'curl' | 'nc' | 'openssl' | 'telnet' | 'url' | 'hostport'
  /** What the client speaks on the wire. */
  protocol: 'http' | 'https' | 'tls' | 'tcp'
  /** Host name or IP literal the client connects to (IPv6 without brackets). */
  host: string
  port: number
  /**
   * Destination IP the client dials: from --resolve or an IP literal. Undefined ⇒ resolved by DNS to
   * some public address the simulator does not know; it lies in no configured range except /0.
   */
  ip?: string
  /** TLS server name sent in the ClientHello; undefined for plain connections and IP-literal URLs. */
  sni?: string
  /** ALPN offered in the ClientHello, or detected by Envoy's HTTP inspector for plaintext. */
  alpn: string[]
  /** HTTP only. */
  http?: HttpRequest
  /** Server-first protocols (MySQL, PostgreSQL…) where the client waits for the server to speak. */
  serverFirst: boolean
  /** Fields filled by default, for display: "port 443 from https://", "method HEAD from -I"… */
  defaults: string[]
}

export interface HttpRequest {
  method: string
  /** Path including any query string. */
  path: string
  /** Host header exactly as sent (curl adds ":port" only for non-default ports); "" when `-H 'Host:'` removed it. */
  authority: string
  /** Lower-case names, curl's own (user-agent, accept…) included; Host is not repeated here (see authority). */
  headers: Record<string, string>
  version: '1.0' | '1.1' | '2'
}
