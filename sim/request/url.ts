import {fail, ok, type Result} from './error.js'
import {idnToAscii, splitHostPort} from './host.js'

export interface ParsedUrl {
  scheme: 'http' | 'https' | 'telnet'
  host: string
  /** The host as typed, when curl converted it to its IDNA A-label (`host`). */
  typedHost?: string
  port?: number
  /** Path and query as sent; undefined when the URL has none. */
  path?: string
}

const SUPPORTED_SCHEMES = new Set(['http', 'https', 'telnet'])
/** curl guesses the scheme of a scheme-less URL from these host prefixes, else it uses http. */
const GUESSED_SCHEMES: Array<[string, string]> = [
  ['ftp.', 'ftp'],
  ['dict.', 'dict'],
  ['ldap.', 'ldap'],
  ['imap.', 'imap'],
  ['smtp.', 'smtp'],
  ['pop3.', 'pop3'],
]

/**
 * Parse a URL the way curl reads its command-line URL: scheme optional (guessed as curl does), user info
 * dropped, fragment dropped, `[…]` and `{…}` refused unless -g (curl would expand them into several
 * requests), except an IPv6 host literal, which curl recognises either way.
 */
export function parseCurlUrl(url: string, options: {globoff: boolean; pathAsIs: boolean}): Result<ParsedUrl> {
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)
  const rest = schemeMatch ? url.slice(schemeMatch[0].length) : url
  const scheme = schemeMatch ? schemeMatch[1].toLowerCase() : guessScheme(rest)
  if (!SUPPORTED_SCHEMES.has(scheme)) {
    const how = schemeMatch ? '' : ` (curl guesses ${scheme}:// from the host name)`
    return fail('REQUEST_UNSUPPORTED_SCHEME', `${scheme}://${how} is not simulated: use http, https or telnet`, url)
  }
  const authorityEnd = rest.search(/[/?#]/)
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd)
  const tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd)
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1)
  if (!options.globoff && hasGlob(hostPort.startsWith('[') ? hostPort.slice(hostPort.indexOf(']') + 1) : hostPort, tail)) {
    return fail('REQUEST_URL_GLOB', 'curl would expand [ ] or { } into several URLs: add -g to send them as typed', url)
  }
  // curl treats "host:" like "host": an empty port means the scheme's default
  const colon = hostPort.startsWith('[') ? -1 : hostPort.lastIndexOf(':')
  const typedHost = colon < 0 ? hostPort : hostPort.slice(0, colon)
  const ascii = idnToAscii(typedHost, url)
  if (!ascii.ok) return ascii
  const asciiHostPort = ascii.value + hostPort.slice(typedHost.length)
  const split = splitHostPort(asciiHostPort.endsWith(':') ? asciiHostPort.slice(0, -1) : asciiHostPort, url)
  if (!split.ok) return split
  return ok({
    scheme: scheme as ParsedUrl['scheme'],
    host: split.value.host,
    ...(ascii.value !== typedHost ? {typedHost} : {}),
    port: split.value.port,
    path: scheme === 'telnet' ? undefined : requestPath(tail, options.pathAsIs),
  })
}

function guessScheme(rest: string): string {
  const lower = rest.toLowerCase()
  return GUESSED_SCHEMES.find(([prefix]) => lower.startsWith(prefix))?.[1] ?? 'http'
}

function hasGlob(afterHost: string, tail: string): boolean {
  return /[[\]{}]/.test(afterHost + tail)
}

function requestPath(tail: string, pathAsIs: boolean): string | undefined {
  const withoutFragment = tail.split('#')[0]
  if (withoutFragment === '') return undefined
  const withSlash = withoutFragment.startsWith('?') ? '/' + withoutFragment : withoutFragment
  if (pathAsIs) return withSlash
  const query = withSlash.indexOf('?')
  const path = query < 0 ? withSlash : withSlash.slice(0, query)
  return removeDotSegments(path) + (query < 0 ? '' : withSlash.slice(query))
}

/** RFC 3986 §5.2.4, which curl applies unless --path-as-is. */
function removeDotSegments(path: string): string {
  const out: string[] = []
  const segments = path.split('/')
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1
    if (segment === '..') {
      if (out.length > 1) out.pop()
      if (last) out.push('')
    } else if (segment === '.') {
      if (last) out.push('')
    } else {
      out.push(segment)
    }
  })
  return out.join('/') || '/'
}
