import type {RequestDraft} from './draft.js'
import {fail, ok, type RequestResult, type Result} from './error.js'
import {normalizeRequest} from './normalize.js'
import {parseCurl} from './parse-curl.js'
import {parseOpensslClient} from './parse-openssl.js'
import {parseHostPort, parseNc, parseTelnet} from './parse-tcp-clients.js'
import {parseCurlUrl} from './url.js'

/** `HOST:PORT` or `[ADDR]:PORT` and nothing else: a plain TCP connection rather than a URL. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[^/:?#@[\]]+):\d*$/

/**
 * Read a request typed as a command (curl, nc, telnet, openssl s_client), a bare URL or HOST:PORT, and
 * fill its defaults.
 *
 * @example parseRequest(['curl', '-sI', 'https://httpbin.org/get']) // {ok: true, value: {protocol: 'https', port: 443, …}}
 */
export function parseRequest(words: string[], typed: string = words.map(quoteForDisplay).join(' ')): RequestResult {
  const draft = parseDraft(words, typed)
  return draft.ok ? ok(normalizeRequest(draft.value)) : draft
}

/** The request as typed, before defaults. */
export function parseDraft(words: string[], typed: string): Result<RequestDraft> {
  const [first, ...args] = words
  if (first === undefined || first === '') return fail('REQUEST_EMPTY', 'no request given')
  switch (programName(first)) {
    case 'curl':
      return parseCurl(args, typed)
    case 'nc':
    case 'ncat':
    case 'netcat':
      return parseNc(args, typed)
    case 'telnet':
      return parseTelnet(args, typed)
    case 'openssl':
      return parseOpensslClient(args, typed)
  }
  if (args.length > 0) {
    return fail('REQUEST_UNKNOWN_CLIENT', `"${first}" is not a client the simulator knows (curl, nc, telnet, openssl s_client)`, first)
  }
  if (HOST_PORT.test(first)) return parseHostPort(first, typed)
  const url = parseCurlUrl(first, {globoff: true, pathAsIs: false})
  if (!url.ok) return url
  const {scheme, host, port, path} = url.value
  return ok({
    typed,
    client: 'url',
    scheme,
    host,
    port,
    resolve: [],
    connectTo: [],
    serverFirst: scheme === 'telnet',
    ...(scheme !== 'telnet' && {http: {head: false, upload: false, path, headers: []}}),
  })
}

/** "/usr/bin/curl" and "curl" are the same client. */
function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1)
}

function quoteForDisplay(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
