import type {RequestDraft} from './draft.js'
import {fail, ok, type Result} from './error.js'
import {checkHost, parsePort, splitHostPort} from './host.js'

/** Options that change nothing about the connection a simulator follows; `true` when they take a value. */
type OptionSpec = Record<string, boolean>

const NC_OPTIONS: OptionSpec = {v: false, z: false, n: false, N: false, d: false, C: false, t: false, '4': false, '6': false, w: true, q: true, i: true, p: true, s: true, W: true}
const NC_UNSUPPORTED: Record<string, string> = {
  u: 'UDP is not captured by the sidecar',
  l: 'listens instead of connecting',
  U: 'a Unix socket never reaches the network',
  X: 'proxies are not simulated',
  x: 'proxies are not simulated',
}
const TELNET_OPTIONS: OptionSpec = {
  '4': false,
  '6': false,
  '8': false,
  E: false,
  K: false,
  L: false,
  a: false,
  d: false,
  r: false,
  c: false,
  N: false,
  F: false,
  f: false,
  x: false,
  l: true,
  b: true,
  e: true,
  n: true,
}

/** `nc [-v -z -w N …] HOST PORT`: connects and waits; the client sends nothing first. */
export function parseNc(args: string[], typed: string): Result<RequestDraft> {
  const operands = readClusteredOptions('nc', args, NC_OPTIONS, NC_UNSUPPORTED)
  if (!operands.ok) return operands
  return hostAndPortOperands('nc', operands.value, typed, undefined)
}

/** `telnet HOST [PORT]`; port 23 when omitted. */
export function parseTelnet(args: string[], typed: string): Result<RequestDraft> {
  const operands = readClusteredOptions('telnet', args, TELNET_OPTIONS, {})
  if (!operands.ok) return operands
  return hostAndPortOperands('telnet', operands.value, typed, 'telnet')
}

/** A lone `HOST:PORT` (or `[ADDR]:PORT`): a plain TCP connection. */
export function parseHostPort(word: string, typed: string): Result<RequestDraft> {
  const split = splitHostPort(word.endsWith(':') ? word.slice(0, -1) : word, word)
  if (!split.ok) return split
  if (split.value.port === undefined) return fail('REQUEST_MISSING_PORT', `"${word}" has no port`, word)
  return ok(tcpDraft('hostport', split.value.host, split.value.port, typed, 'tcp'))
}

function hostAndPortOperands(client: 'nc' | 'telnet', operands: string[], typed: string, scheme: 'telnet' | undefined) {
  const [host, portText, ...extra] = operands
  if (host === undefined) return fail<RequestDraft>('REQUEST_MISSING_URL', `${client} needs a host and a port`)
  if (extra.length > 0) return fail<RequestDraft>('REQUEST_EXTRA_ARGUMENT', `unexpected argument "${extra[0]}"`, extra[0])
  const checked = checkHost(host, host)
  if (!checked.ok) return checked
  if (portText === undefined) {
    return scheme ? ok(tcpDraft(client, host, undefined, typed, scheme)) : fail<RequestDraft>('REQUEST_MISSING_PORT', `${client} needs a port after the host`, host)
  }
  const port = parsePort(portText)
  return port.ok ? ok(tcpDraft(client, host, port.value, typed, scheme ?? 'tcp')) : port
}

function tcpDraft(client: RequestDraft['client'], host: string, port: number | undefined, typed: string, scheme: 'telnet' | 'tcp'): RequestDraft {
  return {typed, client, scheme, host, port, resolve: [], connectTo: [], serverFirst: true}
}

/** getopt-style: -vz, -w 3, -w3; stops at the first operand. Returns the operands. */
function readClusteredOptions(client: string, args: string[], known: OptionSpec, unsupported: Record<string, string>): Result<string[]> {
  const operands: string[] = []
  for (let i = 0; i < args.length; i++) {
    const word = args[i]
    if (word === '--') {
      operands.push(...args.slice(i + 1))
      break
    }
    if (!word.startsWith('-') || word === '-') {
      operands.push(word)
      continue
    }
    for (let j = 1; j < word.length; j++) {
      const letter = word[j]
      if (unsupported[letter]) return fail('REQUEST_UNSUPPORTED', `${client} -${letter}: ${unsupported[letter]}`, word)
      if (!(letter in known)) return fail('REQUEST_UNKNOWN_OPTION', `unknown ${client} option -${letter}`, word)
      if (!known[letter]) continue
      if (j + 1 < word.length) break
      if (i + 1 >= args.length) return fail('REQUEST_MISSING_VALUE', `${client} -${letter} needs a value`, word)
      i++
    }
  }
  return ok(operands)
}
