import {fail, ok, type Result} from './error.js'

export function isIPv4Literal(host: string): boolean {
  const parts = host.split('.')
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
}

export function isIPv6Literal(host: string): boolean {
  return host.includes(':') && /^[0-9A-Fa-f:.]+(%[\w.-]+)?$/.test(host) && host.split('::').length <= 2
}

export function isIPLiteral(host: string): boolean {
  return isIPv4Literal(host) || isIPv6Literal(host)
}

/** `[2001:db8::1]` for IPv6, the name or IPv4 address unchanged otherwise. */
export function bracketed(host: string): string {
  return isIPv6Literal(host) ? `[${host}]` : host
}

/** A TCP port a client can dial: 1–65535, digits only. */
export function parsePort(text: string, word: string = text): Result<number> {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    return fail('REQUEST_BAD_PORT', `port "${text}" is not a number between 1 and 65535`, word)
  }
  return ok(Number(text))
}

/**
 * curl built with IDN support (libidn2, as curl's own images are) converts a non-ASCII host name to its
 * IDNA A-label before it resolves it, sends it as SNI or writes the Host header (lib/idn.c
 * Curl_idnconvert_hostname). UTS #46 non-transitional processing, which WHATWG's URL host parser applies
 * too, gives the same label. Returns the host unchanged when it is ASCII.
 */
export function idnToAscii(host: string, word: string): Result<string> {
  if ([...host].every((c) => c.charCodeAt(0) < 0x80)) return ok(host)
  try {
    const ascii = new URL(`http://${host}/`).hostname
    if (ascii !== '') return ok(ascii)
  } catch {
    // fall through: curl fails the same way
  }
  return fail('REQUEST_BAD_HOST', `curl: Failed to convert ${host} to ACE`, word)
}

export function checkHost(host: string, word: string): Result<string> {
  if (host === '') return fail('REQUEST_BAD_HOST', 'no host name', word)
  if (!/^[A-Za-z0-9._~%!$&'()*+,;=:-]+$/.test(host)) {
    return fail('REQUEST_BAD_HOST', `"${host}" is not a host name or IP address`, word)
  }
  return ok(host)
}

/**
 * Split `HOST:PORT` (IPv6 as `[ADDR]:PORT`) as clients do; the port may be required or optional.
 * Returns the host without brackets.
 */
export function splitHostPort(text: string, word: string = text): Result<{host: string; port?: number}> {
  let host: string
  let portText: string | undefined
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    if (close < 0) return fail('REQUEST_BAD_HOST', `unclosed "[" in "${text}"`, word)
    host = text.slice(1, close)
    if (!isIPv6Literal(host)) return fail('REQUEST_BAD_HOST', `"${host}" is not an IPv6 address`, word)
    const rest = text.slice(close + 1)
    if (rest !== '' && !rest.startsWith(':')) return fail('REQUEST_BAD_HOST', `unexpected "${rest}" after "]"`, word)
    portText = rest === '' ? undefined : rest.slice(1)
  } else {
    const colon = text.lastIndexOf(':')
    host = colon < 0 ? text : text.slice(0, colon)
    portText = colon < 0 ? undefined : text.slice(colon + 1)
    if (host.includes(':')) return fail('REQUEST_BAD_HOST', `write IPv6 addresses as [ADDR]:PORT, not "${text}"`, word)
  }
  const checked = checkHost(host, word)
  if (!checked.ok) return checked
  if (portText === undefined) return ok({host})
  const port = parsePort(portText, word)
  return port.ok ? ok({host, port: port.value}) : port
}
