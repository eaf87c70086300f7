import type {RequestDraft} from './draft.js'
import {fail, ok, type Result} from './error.js'
import {splitHostPort} from './host.js'

/** s_client options that do not change the ClientHello's server name or ALPN; `true` when they take a value. */
const HARMLESS: Record<string, boolean> = {
  quiet: false,
  brief: false,
  showcerts: false,
  state: false,
  debug: false,
  msg: false,
  prexit: false,
  crlf: false,
  ign_eof: false,
  no_ign_eof: false,
  verify_return_error: false,
  tls1: false,
  tls1_1: false,
  tls1_2: false,
  tls1_3: false,
  no_tls1_3: false,
  no_ssl3: false,
  no_tls1: false,
  no_tls1_1: false,
  no_tls1_2: false,
  nbio: false,
  status: false,
  tlsextdebug: false,
  servername_fatal: false,
  reconnect: false,
  '4': false,
  '6': false,
  CAfile: true,
  CApath: true,
  cert: true,
  key: true,
  certform: true,
  keyform: true,
  pass: true,
  verify: true,
  cipher: true,
  ciphersuites: true,
  groups: true,
  curves: true,
  sess_out: true,
  sess_in: true,
  keylogfile: true,
  verify_hostname: true,
  verify_ip: true,
  timeout: true,
  bind: true,
}

const UNSUPPORTED: Record<string, string> = {
  starttls: 'STARTTLS speaks plaintext first, which is not simulated',
  proxy: 'proxies are not simulated',
  dtls: 'DTLS runs over UDP, which the sidecar does not capture',
  dtls1: 'DTLS runs over UDP, which the sidecar does not capture',
  dtls1_2: 'DTLS runs over UDP, which the sidecar does not capture',
  unix: 'a Unix socket never reaches the network',
}

/** `openssl s_client -connect HOST:PORT [-servername NAME | -noservername] [-alpn LIST]` (args after "openssl"). */
export function parseOpensslClient(args: string[], typed: string): Result<RequestDraft> {
  if (args[0] !== 's_client') {
    return fail('REQUEST_UNSUPPORTED', `openssl ${args[0] ?? ''}: only "openssl s_client" makes a connection`, args[0])
  }
  let connect: string | undefined
  let sni: string | null | undefined
  let alpn: string[] | undefined
  for (let i = 1; i < args.length; i++) {
    const word = args[i]
    const name = word.replace(/^--?/, '')
    const takesValue = name === 'connect' || name === 'servername' || name === 'alpn' || HARMLESS[name] === true
    if (!word.startsWith('-')) {
      // OpenSSL 3 also takes the destination as a lone operand
      if (connect !== undefined) return fail('REQUEST_EXTRA_ARGUMENT', `unexpected argument "${word}"`, word)
      connect = word
      continue
    }
    if (UNSUPPORTED[name]) return fail('REQUEST_UNSUPPORTED', `${word}: ${UNSUPPORTED[name]}`, word)
    if (name === 'noservername') {
      sni = null
      continue
    }
    if (!(name in HARMLESS) && !takesValue) return fail('REQUEST_UNKNOWN_OPTION', `unknown openssl s_client option ${word}`, word)
    if (!takesValue) continue
    const value = args[++i]
    if (value === undefined) return fail('REQUEST_MISSING_VALUE', `${word} needs a value`, word)
    if (name === 'connect') connect = value
    if (name === 'servername') sni = value
    if (name === 'alpn') alpn = value.split(',').filter((p) => p !== '')
  }
  if (connect === undefined) return fail('REQUEST_MISSING_URL', 'openssl s_client needs -connect HOST:PORT')
  const split = splitHostPort(connect)
  if (!split.ok) return split
  return ok({typed, client: 'openssl', scheme: 'tls', host: split.value.host, port: split.value.port, resolve: [], connectTo: [], sni, alpn, serverFirst: false})
}
