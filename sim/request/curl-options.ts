import {fail, ok, type Result} from './error.js'
import type {ConnectToEntry, HttpVersionWanted, ResolveEntry} from './draft.js'
import {checkHost, isIPv6Literal, parsePort} from './host.js'

/** What curl's options say about the request, collected before the URL is read. */
export interface CurlSettings {
  urls: string[]
  method?: string
  head: boolean
  body?: {contentType?: string; flag: string}
  upload: boolean
  /** -G: data goes into the query string. */
  dataInQuery: boolean
  /** Data strings for -G; undefined where curl reads a file we cannot see. */
  data: Array<string | undefined>
  headers: Array<[string, string | null]>
  version?: HttpVersionWanted
  resolve: ResolveEntry[]
  connectTo: ConnectToEntry[]
  globoff: boolean
  pathAsIs: boolean
  requestTarget?: string
  noAlpn: boolean
}

export function emptyCurlSettings(): CurlSettings {
  return {urls: [], head: false, upload: false, dataInQuery: false, data: [], headers: [], resolve: [], connectTo: [], globoff: false, pathAsIs: false, noAlpn: false}
}

interface CurlOption {
  long: string
  short?: string
  /** Whether the option reads the next word (or the rest of a short-option cluster). */
  takesValue: boolean
  /** Absent: accepted and ignored, because it changes only what curl prints, retries or trusts. */
  apply?: (s: CurlSettings, value: string, option: string) => Result<void>
}

const done = ok(undefined)

function flag(long: string, short?: string, apply?: (s: CurlSettings) => void): CurlOption {
  return {long, short, takesValue: false, apply: apply && ((s) => (apply(s), done))}
}

function valued(long: string, short?: string, apply?: CurlOption['apply']): CurlOption {
  return {long, short, takesValue: true, apply}
}

function unsupported(long: string, short: string | undefined, takesValue: boolean, why: string): CurlOption {
  return {long, short, takesValue, apply: (_s, _v, option) => fail('REQUEST_UNSUPPORTED', `${option}: ${why}`, option)}
}

function addData(contentType: string | undefined, atReadsFile = true) {
  return (s: CurlSettings, value: string, option: string): Result<void> => {
    s.body = {contentType, flag: option}
    s.data.push(atReadsFile && value.startsWith('@') ? undefined : value)
    return done
  }
}

const CURL_OPTIONS: CurlOption[] = [
  valued('url', undefined, (s, v) => (s.urls.push(v), done)),
  valued('request', 'X', (s, v) => (v === '' ? fail('REQUEST_BAD_VALUE', '-X needs a method', '-X') : ((s.method = v), done))),
  valued('header', 'H', (s, v, option) => addHeader(s, v, option)),
  valued('user-agent', 'A', (s, v) => (s.headers.push(['user-agent', v === '' ? null : v]), done)),
  valued('referer', 'e', (s, v) => (s.headers.push(['referer', v]), done)),
  // a value without "=" names a cookie file to read, which sends nothing by itself
  valued('cookie', 'b', (s, v) => (v.includes('=') ? s.headers.push(['cookie', v]) : 0, done)),
  flag('head', 'I', (s) => (s.head = true)),
  flag('get', 'G', (s) => (s.dataInQuery = true)),
  valued('data', 'd', addData('application/x-www-form-urlencoded')),
  valued('data-ascii', undefined, addData('application/x-www-form-urlencoded')),
  valued('data-binary', undefined, addData('application/x-www-form-urlencoded')),
  valued('data-raw', undefined, addData('application/x-www-form-urlencoded', false)),
  valued('data-urlencode', undefined, (s, v, o) => {
    addData('application/x-www-form-urlencoded')(s, v, o)
    s.data[s.data.length - 1] = urlencodeData(v)
    return done
  }),
  valued('form', 'F', addData('multipart/form-data')),
  valued('form-string', undefined, addData('multipart/form-data')),
  valued('json', undefined, (s, v, o) => {
    s.headers.push(['accept', 'application/json'])
    return addData('application/json')(s, v, o)
  }),
  valued('upload-file', 'T', (s) => ((s.upload = true), done)),
  valued('resolve', undefined, (s, v, o) => addResolve(s, v, o)),
  valued('connect-to', undefined, (s, v, o) => addConnectTo(s, v, o)),
  valued('request-target', undefined, (s, v) => ((s.requestTarget = v), done)),
  flag('http1.0', '0', (s) => (s.version = '1.0')),
  flag('http1.1', undefined, (s) => (s.version = '1.1')),
  flag('http2', undefined, (s) => (s.version = '2')),
  flag('http2-prior-knowledge', undefined, (s) => (s.version = '2-prior-knowledge')),
  flag('globoff', 'g', (s) => (s.globoff = true)),
  flag('path-as-is', undefined, (s) => (s.pathAsIs = true)),
  flag('no-alpn', undefined, (s) => (s.noAlpn = true)),
  unsupported('http3', undefined, false, 'HTTP/3 runs over UDP (QUIC), which the sidecar does not capture'),
  unsupported('http3-only', undefined, false, 'HTTP/3 runs over UDP (QUIC), which the sidecar does not capture'),
  unsupported('proxy', 'x', true, 'requests through an HTTP proxy are not simulated'),
  unsupported('socks5', undefined, true, 'requests through a SOCKS proxy are not simulated'),
  unsupported('socks5-hostname', undefined, true, 'requests through a SOCKS proxy are not simulated'),
  unsupported('preproxy', undefined, true, 'requests through a proxy are not simulated'),
  unsupported('unix-socket', undefined, true, 'a Unix socket never reaches the network'),
  unsupported('abstract-unix-socket', undefined, true, 'a Unix socket never reaches the network'),
  unsupported('haproxy-protocol', undefined, false, 'a PROXY protocol header before the request is not simulated'),
  unsupported('config', 'K', true, 'options read from a file cannot be seen here'),
  unsupported('parallel', 'Z', false, 'several requests at once are not simulated'),
  unsupported('next', ':', false, 'several requests are not simulated'),
  unsupported('version', 'V', false, 'makes no request'),
  unsupported('help', 'h', false, 'makes no request'),
  unsupported('manual', 'M', false, 'makes no request'),
  // what follows changes what curl prints, waits for, retries or trusts, not the first request's bytes
  ...[
    'silent:s',
    'show-error:S',
    'verbose:v',
    'include:i',
    'location:L',
    'fail:f',
    'insecure:k',
    'progress-bar:#',
    'no-buffer:N',
    'disable:q',
    'ipv4:4',
    'ipv6:6',
    'remote-name:O',
    'remote-time:R',
    'remote-header-name:J',
    'location-trusted',
    'fail-with-body',
    'fail-early',
    'no-progress-meter',
    'show-headers',
    'retry-connrefused',
    'retry-all-errors',
    'compressed',
    'tcp-nodelay',
    'tcp-fastopen',
    'no-keepalive',
    'no-sessionid',
    'no-npn',
    'tlsv1',
    'tlsv1.0',
    'tlsv1.1',
    'tlsv1.2',
    'tlsv1.3',
    'ssl-no-revoke',
    'ssl-revoke-best-effort',
    'ssl-allow-beast',
    'create-dirs',
    'raw',
    'netrc:n',
    'netrc-optional',
    'anyauth',
    'basic',
    'digest',
    'ntlm',
    'negotiate',
    'styled-output',
    'no-styled-output',
    'suppress-connect-headers',
    'trace-time',
    'xattr',
    'alt-svc-none',
    'ignore-content-length',
    'http0.9',
    'proxy-insecure',
    'no-clobber',
    'remove-on-error',
    'remote-name-all',
    'ca-native',
    'cert-status',
    'false-start',
    'ssl-reqd',
    'ssl',
    'list-only:l',
    'append:a',
    'use-ascii:B',
    'junk-session-cookies:j',
  ].map(harmless(false)),
  ...[
    'output:o',
    'dump-header:D',
    'write-out:w',
    'max-time:m',
    'connect-timeout',
    'retry',
    'retry-delay',
    'retry-max-time',
    'max-redirs',
    'trace',
    'trace-ascii',
    'stderr',
    'user:u',
    'cacert',
    'capath',
    'cert:E',
    'cert-type',
    'key',
    'key-type',
    'pass',
    'ciphers',
    'tls13-ciphers',
    'curves',
    'tls-max',
    'pinnedpubkey',
    'cookie-jar:c',
    'output-dir',
    'limit-rate',
    'speed-limit:Y',
    'speed-time:y',
    'keepalive-time',
    'interface',
    'local-port',
    'dns-servers',
    'dns-interface',
    'dns-ipv4-addr',
    'dns-ipv6-addr',
    'expect100-timeout',
    'happy-eyeballs-timeout-ms',
    'max-filesize',
    'range:r',
    'continue-at:C',
    'time-cond:z',
    'etag-save',
    'etag-compare',
    'oauth2-bearer',
    'login-options',
    'sasl-authzid',
    'alt-svc',
    'hsts',
    'noproxy',
    'rate',
    'variable',
    'ech',
    'ip-tos',
    'vlan-priority',
    'mptcp',
  ].map(harmless(true)),
]

/** "silent:s" → --silent / -s, accepted and ignored. */
function harmless(takesValue: boolean) {
  return (spec: string): CurlOption => {
    const [long, short] = spec.split(':')
    return {long, short, takesValue}
  }
}

const BY_LONG = new Map(CURL_OPTIONS.map((o) => [o.long, o]))
const BY_SHORT = new Map(CURL_OPTIONS.filter((o) => o.short).map((o) => [o.short as string, o]))

export function curlOptionByLong(name: string): CurlOption | undefined {
  return BY_LONG.get(name)
}

export function curlOptionByShort(letter: string): CurlOption | undefined {
  return BY_SHORT.get(letter)
}

function addHeader(s: CurlSettings, header: string, option: string): Result<void> {
  if (header.startsWith('@')) return fail('REQUEST_UNSUPPORTED', `${option} ${header}: headers read from a file cannot be seen here`, header)
  // curl: "Name: value" sends, "Name:" removes a header curl would add, "Name;" sends it empty
  const match = /^([^:;\s]+)\s*([:;])\s*(.*?)\s*$/s.exec(header)
  if (!match) return fail('REQUEST_BAD_VALUE', `${option} "${header}" is not "Name: value"`, header)
  const [, name, separator, value] = match
  if (separator === ';' && value !== '') return fail('REQUEST_BAD_VALUE', `${option} "${header}" is not "Name: value"`, header)
  s.headers.push([name.toLowerCase(), separator === ':' && value === '' ? null : value])
  return done
}

/** --resolve [+]HOST:PORT:ADDR[,ADDR]… ; curl dials the first address. */
function addResolve(s: CurlSettings, value: string, option: string): Result<void> {
  const entry = /^\+?([^:]+|\[[^\]]+\]):(\d*):(.+)$/.exec(value)
  const bad = () => fail<void>('REQUEST_BAD_VALUE', `${option} "${value}" is not HOST:PORT:ADDRESS`, value)
  if (!entry) return bad()
  const host = entry[1].replace(/^\[(.*)\]$/, '$1')
  const port = parsePort(entry[2], value)
  if (!port.ok) return port
  const address = entry[3].split(',')[0].replace(/^\[(.*)\]$/, '$1')
  if (!/^[\d.]+$/.test(address) && !isIPv6Literal(address)) return bad()
  s.resolve.push({host, port: port.value, address, typed: value})
  return done
}

/** --connect-to HOST1:PORT1:HOST2:PORT2; any part may be empty. */
function addConnectTo(s: CurlSettings, value: string, option: string): Result<void> {
  const entry = /^([^:[]*|\[[^\]]+\]):(\d*):([^:[]*|\[[^\]]+\]):(\d*)$/.exec(value)
  if (!entry) return fail('REQUEST_BAD_VALUE', `${option} "${value}" is not HOST1:PORT1:HOST2:PORT2`, value)
  const unbracket = (h: string) => h.replace(/^\[(.*)\]$/, '$1')
  const ports: Array<number | undefined> = []
  for (const text of [entry[2], entry[4]]) {
    if (text === '') ports.push(undefined)
    else {
      const port = parsePort(text, value)
      if (!port.ok) return port
      ports.push(port.value)
    }
  }
  const toHost = unbracket(entry[3])
  if (toHost !== '') {
    const checked = checkHost(toHost, value)
    if (!checked.ok) return checked
  }
  s.connectTo.push({fromHost: unbracket(entry[1]), fromPort: ports[0], toHost, toPort: ports[1], typed: value})
  return done
}

/** --data-urlencode: "content", "=content", "name=content"; "@file" and "name@file" read files we cannot see. */
function urlencodeData(value: string): string | undefined {
  const eq = value.indexOf('=')
  if (/^[^=]*@/.test(value)) return undefined
  if (eq < 0) return encodeURIComponent(value)
  return (eq === 0 ? '' : value.slice(0, eq + 1)) + encodeURIComponent(value.slice(eq + 1))
}
