/** What a proxy knows about one downstream connection when it picks a filter chain. */
export interface ConnectionAttributes {
  /** Undefined ⇒ a public address the input does not state (see sim/net/cidr.ts inRange). */
  dstIp?: string
  dstPort: number
  /** Filled by the TLS inspector; undefined when it did not run or saw no SNI. */
  sni?: string
  /** 'tls' only when the TLS inspector ran and saw a ClientHello; Envoy's default is raw_buffer. */
  transport: 'tls' | 'raw_buffer'
  /** From the ClientHello ALPN, or detected by the HTTP inspector for plaintext. */
  alpn: string[]
}
