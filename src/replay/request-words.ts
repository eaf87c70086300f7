import type {Flow} from './flow.js'

/**
 * The command that makes the observed flow again, for the trace pipeline's own request parser (so every
 * default is filled in one place): HTTP as curl with the logged Host header and, where the log gave the
 * original destination, --resolve to it; TLS as openssl s_client with the logged SNI; TCP as nc.
 * Returns the words and the assumptions it had to make for what the log left out.
 */
export function requestWords(flow: Flow): {words: string[]; assumed: string[]} {
  const {ip, port} = flow.destination
  if (flow.kind === 'tcp') return {words: ['nc', ip!, String(port!)], assumed: []}
  if (flow.kind === 'tls') {
    const assumed = port === undefined ? ['destination port 443 (not in the log)'] : []
    const to = ip ?? flow.sni
    return {
      words: ['openssl', 's_client', '-connect', `${to.includes(':') ? `[${to}]` : to}:${port ?? 443}`, '-servername', flow.sni],
      assumed: [...assumed, 'no ALPN (the log does not record it)'],
    }
  }
  const {host, port: authorityPort} = splitAuthority(flow.authority)
  const dialled = port ?? authorityPort ?? 80
  const urlHost = host.includes(':') ? `[${host}]` : host
  const words = ['curl', '-X', flow.method, '-H', `Host: ${flow.authority}`]
  if (ip !== undefined && ip !== host) words.push('--resolve', `${host}:${dialled}:${ip}`)
  if (flow.protocol === 'HTTP/1.0') words.push('--http1.0')
  else if (flow.protocol === 'HTTP/2') words.push('--http2-prior-knowledge')
  words.push(`http://${urlHost}:${dialled}${flow.path.startsWith('/') ? flow.path : `/${flow.path}`}`)
  return {words, assumed: port === undefined && authorityPort === undefined ? ['destination port 80 (not in the log)'] : []}
}

function splitAuthority(authority: string): {host: string; port?: number} {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority)
  if (!m) return {host: authority}
  return {host: m[1].replace(/^\[|\]$/g, ''), port: m[2] === undefined ? undefined : Number(m[2])}
}
