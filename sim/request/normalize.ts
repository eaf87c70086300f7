import type {HttpDraft, RequestDraft} from './draft.js'
import {bracketed, isIPLiteral} from './host.js'
import type {HttpRequest, Request} from './types.js'

/** curl sends "User-Agent: curl/VERSION"; the pod's curl version is not known, so one is assumed. */
export const ASSUMED_CURL_VERSION = '8.11.1'

const DEFAULT_PORTS: Record<RequestDraft['scheme'], number | undefined> = {
  http: 80,
  https: 443,
  telnet: 23,
  tls: 4433, // openssl s_client's own default (apps/s_client.c PORT)
  tcp: undefined,
}

const PROTOCOLS: Record<RequestDraft['scheme'], Request['protocol']> = {
  http: 'http',
  https: 'https',
  telnet: 'tcp',
  tls: 'tls',
  tcp: 'tcp',
}

/**
 * Fill every default of a typed request in one place (as Istio's Call.FillDefaults does), recording each
 * as a sentence in `defaults` so the trace can show it: the simulator downstream never guesses a field.
 *
 * @example normalizeRequest(draftOf('curl -sI http://httpbin.org/get')).defaults
 * // ['port 80 (http default)', 'ip unknown: httpbin.org is resolved by DNS …', 'Host header httpbin.org …', …]
 */
export function normalizeRequest(draft: RequestDraft): Request {
  const defaults: string[] = []
  if (draft.typedHost !== undefined) defaults.push(`host ${draft.host} (curl converts the IDN host ${draft.typedHost} to its A-label)`)
  const protocol = PROTOCOLS[draft.scheme]
  const urlPort = draft.port ?? defaultPort(draft, defaults)
  const target = connectTarget(draft, urlPort, defaults)
  const ip = destinationIp(draft, target, defaults)
  const sni = serverName(draft, protocol, defaults)
  const alpn = offeredAlpn(draft, protocol, defaults)
  const http = draft.http && httpRequest(draft, draft.http, urlPort, alpn, defaults)
  return {
    typed: draft.typed,
    client: draft.client,
    protocol,
    host: target.host,
    port: target.port,
    ...(ip !== undefined && {ip}),
    ...(sni !== undefined && {sni}),
    alpn,
    ...(http && {http}),
    serverFirst: draft.serverFirst,
    defaults,
  }
}

function defaultPort(draft: RequestDraft, defaults: string[]): number {
  const port = DEFAULT_PORTS[draft.scheme]
  // parsers require a port for plain TCP clients, so this is a caller's bug, not bad input
  if (port === undefined) throw new Error(`normalizeRequest: a ${draft.scheme} request needs a port`)
  const whose = draft.scheme === 'tls' ? 'openssl s_client default' : `${draft.scheme} default`
  defaults.push(`port ${port} (${whose})`)
  return port
}

/** curl --connect-to: the first entry matching the URL's host and port decides where curl dials. */
function connectTarget(draft: RequestDraft, urlPort: number, defaults: string[]): {host: string; port: number} {
  const entry = draft.connectTo.find((e) => (e.fromHost === '' || sameHost(e.fromHost, draft.host)) && (e.fromPort === undefined || e.fromPort === urlPort))
  if (!entry) return {host: draft.host, port: urlPort}
  const target = {host: entry.toHost || draft.host, port: entry.toPort ?? urlPort}
  defaults.push(`connects to ${bracketed(target.host)}:${target.port} instead of ${bracketed(draft.host)}:${urlPort} (--connect-to ${entry.typed})`)
  return target
}

/** curl --resolve: an exact HOST:PORT entry wins over a "*" one; a later entry replaces an earlier one. */
function destinationIp(draft: RequestDraft, target: {host: string; port: number}, defaults: string[]): string | undefined {
  if (isIPLiteral(target.host)) {
    defaults.push(`ip ${target.host} (an IP address, not resolved)`)
    return target.host
  }
  const matching = draft.resolve.filter((e) => e.port === target.port)
  const entry = matching.filter((e) => sameHost(e.host, target.host)).at(-1) ?? matching.filter((e) => e.host === '*').at(-1)
  if (entry) {
    defaults.push(`ip ${entry.address} (--resolve ${entry.typed})`)
    return entry.address
  }
  defaults.push(`ip unknown: ${target.host} is resolved by DNS, outside the simulation`)
  return undefined
}

/** SNI names the URL's host even with --connect-to; neither curl nor OpenSSL sends an IP address. */
function serverName(draft: RequestDraft, protocol: Request['protocol'], defaults: string[]): string | undefined {
  if (protocol !== 'https' && protocol !== 'tls') return undefined
  if (draft.sni === null) {
    defaults.push('no SNI (-noservername)')
    return undefined
  }
  if (draft.sni !== undefined) return draft.sni
  const client = draft.client === 'openssl' ? 'openssl s_client' : 'curl'
  if (isIPLiteral(draft.host)) {
    defaults.push(`no SNI (${client} sends none for an IP address)`)
    return undefined
  }
  defaults.push(`SNI ${draft.host} (${client} sends the ${draft.client === 'openssl' ? '-connect' : 'URL'} host)`)
  return draft.host
}

/** For TLS, what the ClientHello offers; for plaintext, what Envoy's HTTP inspector would detect. */
function offeredAlpn(draft: RequestDraft, protocol: Request['protocol'], defaults: string[]): string[] {
  if (draft.alpn !== undefined) return draft.alpn
  const version = draft.http?.version
  const [alpn, why] = ((): [string[], string] => {
    switch (protocol) {
      case 'https':
        if (version === '1.0' || version === '1.1') return [['http/1.1'], `curl offers only http/1.1 with --http${version}`]
        if (version === '2-prior-knowledge') return [['h2'], 'curl offers only h2 with --http2-prior-knowledge']
        return [['h2', 'http/1.1'], "curl's offer over TLS"]
      case 'http':
        if (version === '1.0') return [['http/1.0'], "Envoy's HTTP inspector detects HTTP/1.0"]
        if (version === '2-prior-knowledge') return [['h2c'], "Envoy's HTTP inspector detects the HTTP/2 preface"]
        return [['http/1.1'], "Envoy's HTTP inspector detects plaintext HTTP/1.1"]
      case 'tls':
        return [[], 'openssl s_client offers none without -alpn']
      case 'tcp':
        return [[], 'raw TCP carries no protocol name']
    }
  })()
  defaults.push(alpn.length === 0 ? `no ALPN (${why})` : `ALPN ${alpn.join(', ')} (${why})`)
  return alpn
}

function httpRequest(draft: RequestDraft, http: HttpDraft, urlPort: number, alpn: string[], defaults: string[]): HttpRequest {
  const request = {
    method: method(http, defaults),
    path: path(http, defaults),
    authority: authority(draft, http, urlPort, defaults),
  }
  const version = httpVersion(draft, http, alpn, defaults)
  return {...request, headers: headers(http, version, defaults), version}
}

function method(http: HttpDraft, defaults: string[]): string {
  if (http.method !== undefined) return http.method
  const [chosen, why] = http.head
    ? ['HEAD', '-I']
    : http.upload
      ? ['PUT', 'curl uploads with PUT (-T)']
      : http.body
        ? ['POST', `curl posts data given with ${http.body.flag}`]
        : ['GET', 'curl default']
  defaults.push(`method ${chosen} (${why})`)
  return chosen
}

function path(http: HttpDraft, defaults: string[]): string {
  if (http.path !== undefined) return http.path
  defaults.push('path / (the URL has none)')
  return '/'
}

/** curl writes the URL's port into Host only when it is not the scheme's default, even if typed. */
function authority(draft: RequestDraft, http: HttpDraft, urlPort: number, defaults: string[]): string {
  const override = http.headers.filter(([name]) => name === 'host').at(-1)
  if (override) return override[1] ?? ''
  const host = bracketed(draft.host)
  if (urlPort === DEFAULT_PORTS[draft.scheme]) {
    defaults.push(`Host header ${host} (curl omits the default port ${urlPort})`)
    return host
  }
  defaults.push(`Host header ${host}:${urlPort} (curl adds a non-default port)`)
  return `${host}:${urlPort}`
}

/** Headers as sent, without Host (see `authority`): curl's own first, then -H/-A/-e/-b in typed order. */
function headers(http: HttpDraft, version: HttpRequest['version'], defaults: string[]): Record<string, string> {
  const sent = new Map<string, string | null>()
  const curlOwn: Array<[string, string, string]> = [
    ['user-agent', `curl/${ASSUMED_CURL_VERSION}`, `curl's own, version ${ASSUMED_CURL_VERSION} assumed`],
    ['accept', '*/*', "curl's own"],
  ]
  if (http.body?.contentType) curlOwn.push(['content-type', http.body.contentType, `curl's own for ${http.body.flag}`])
  if (http.version === '2' && version === '1.1') {
    curlOwn.push(['connection', 'Upgrade, HTTP2-Settings', 'curl --http2 on http:// asks to upgrade'])
    curlOwn.push(['upgrade', 'h2c', 'curl --http2 on http:// asks to upgrade'])
  }
  for (const [name, value] of http.headers) if (name !== 'host') sent.set(name, value)
  for (const [name, value, why] of curlOwn) {
    if (sent.has(name)) continue
    sent.set(name, value)
    defaults.push(`${name}: ${value} (${why})`)
  }
  const result: Record<string, string> = {}
  for (const [name, value] of [...sent].sort(([a], [b]) => a.localeCompare(b))) if (value !== null) result[name] = value
  return result
}

function httpVersion(draft: RequestDraft, http: HttpDraft, alpn: string[], defaults: string[]): HttpRequest['version'] {
  switch (http.version) {
    case '1.0':
    case '1.1':
      return http.version
    case '2-prior-knowledge':
      return '2'
  }
  if (draft.scheme === 'https' && alpn.includes('h2')) {
    defaults.push('HTTP/2 (when the server picks h2 from ALPN, as most do)')
    return '2'
  }
  if (http.version === '2') {
    defaults.push('HTTP/1.1 with Upgrade: h2c (curl --http2 on http:// starts in HTTP/1.1)')
  } else {
    defaults.push('HTTP/1.1 (curl default)')
  }
  return '1.1'
}

function sameHost(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}
