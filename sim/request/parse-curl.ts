import {curlOptionByLong, curlOptionByShort, emptyCurlSettings, type CurlSettings} from './curl-options.js'
import type {HttpDraft, RequestDraft} from './draft.js'
import {fail, ok, type Result} from './error.js'
import {parseCurlUrl} from './url.js'

/** `curl [options] URL` (args excludes the word "curl"). Options may come before or after the URL. */
export function parseCurl(args: string[], typed: string): Result<RequestDraft> {
  const settings = readCurlOptions(args)
  if (!settings.ok) return settings
  const s = settings.value
  if (s.urls.length === 0) return fail('REQUEST_MISSING_URL', 'curl needs a URL')
  if (s.urls.length > 1) {
    return fail('REQUEST_EXTRA_ARGUMENT', 'curl would make one request per URL: give one URL', s.urls[1])
  }
  const url = parseCurlUrl(s.urls[0], {globoff: s.globoff, pathAsIs: s.pathAsIs})
  if (!url.ok) return url
  const {scheme, host, typedHost, port, path} = url.value
  const draft: RequestDraft = {
    typed,
    client: 'curl',
    scheme,
    host,
    ...(typedHost !== undefined ? {typedHost} : {}),
    port,
    resolve: s.resolve,
    connectTo: s.connectTo,
    // telnet:// sends nothing until the server speaks (or stdin has input)
    serverFirst: scheme === 'telnet',
  }
  if (s.noAlpn && scheme === 'https') draft.alpn = []
  if (scheme === 'telnet') return ok(draft)
  const http = httpDraft(s, path)
  return http.ok ? ok({...draft, http: http.value}) : http
}

function readCurlOptions(args: string[]): Result<CurlSettings> {
  const s = emptyCurlSettings()
  let optionsEnded = false
  for (let i = 0; i < args.length; i++) {
    const word = args[i]
    if (optionsEnded || !word.startsWith('-') || word === '-') {
      s.urls.push(word)
    } else if (word === '--') {
      optionsEnded = true
    } else if (word.startsWith('--')) {
      const read = readLongOption(s, word, args[i + 1])
      if (!read.ok) return read
      i += read.value
    } else {
      const read = readShortOptions(s, word, args[i + 1])
      if (!read.ok) return read
      i += read.value
    }
  }
  return ok(s)
}

/** Returns how many following words the option consumed. */
function readLongOption(s: CurlSettings, word: string, next: string | undefined): Result<number> {
  const name = word.slice(2)
  const option = curlOptionByLong(name) ?? negatedBoolean(name)
  if (!option) {
    const hint = name.includes('=') ? ` (curl takes "--${name.split('=')[0]} VALUE", not "=")` : ''
    return fail('REQUEST_UNKNOWN_OPTION', `unknown curl option ${word}${hint}`, word)
  }
  if (!option.takesValue) return option.long === name && option.apply ? applied(option.apply(s, '', word), 0) : ok(0)
  if (next === undefined) return fail('REQUEST_MISSING_VALUE', `${word} needs a value`, word)
  return option.apply ? applied(option.apply(s, next, word), 1) : ok(1)
}

/** curl accepts --no-FLAG for boolean options. Accepted and ignored: undoing an earlier flag is not modelled. */
function negatedBoolean(name: string) {
  if (!name.startsWith('no-')) return undefined
  const option = curlOptionByLong(name.slice(3))
  return option && !option.takesValue ? option : undefined
}

/** A cluster such as -sSI or -XPOST or -so FILE; a value-taking letter takes the rest or the next word. */
function readShortOptions(s: CurlSettings, word: string, next: string | undefined): Result<number> {
  for (let j = 1; j < word.length; j++) {
    const letter = word[j]
    const option = curlOptionByShort(letter)
    if (!option) {
      const where = word.length > 2 ? ` in ${word}` : ''
      return fail('REQUEST_UNKNOWN_OPTION', `unknown curl option -${letter}${where}`, word)
    }
    if (!option.takesValue) {
      const result = option.apply?.(s, '', `-${letter}`)
      if (result && !result.ok) return result
      continue
    }
    const rest = word.slice(j + 1)
    const value = rest !== '' ? rest : next
    if (value === undefined) return fail('REQUEST_MISSING_VALUE', `-${letter} needs a value`, word)
    const result = option.apply?.(s, value, `-${letter}`)
    if (result && !result.ok) return result
    return ok(rest !== '' ? 0 : 1)
  }
  return ok(0)
}

function applied(result: Result<void>, consumed: number): Result<number> {
  return result.ok ? ok(consumed) : result
}

function httpDraft(s: CurlSettings, urlPath: string | undefined): Result<HttpDraft> {
  let path = s.requestTarget ?? urlPath
  let body = s.body
  if (s.dataInQuery && s.data.length > 0) {
    if (s.data.some((d) => d === undefined)) {
      return fail('REQUEST_UNSUPPORTED', '-G with data read from a file: the query string cannot be known', '-G')
    }
    const base = path ?? '/'
    path = base + (base.includes('?') ? '&' : '?') + s.data.join('&')
    body = undefined
  }
  return ok({
    method: s.method,
    head: s.head,
    body,
    upload: s.upload,
    path,
    headers: s.headers,
    version: s.version,
  })
}
