export type {Request, HttpRequest} from './types.js'
export type {RequestError, RequestErrorCode, RequestResult, Result} from './error.js'
export type {RequestDraft} from './draft.js'
export {splitWords} from './words.js'
export {parseRequest, parseDraft} from './parse.js'
export {normalizeRequest} from './normalize.js'

import type {RequestResult} from './error.js'
import {parseRequest} from './parse.js'
import {splitWords} from './words.js'

/**
 * A request from what the user typed: one string split as a shell would, or words already split (as
 * after `--` on the command line).
 *
 * @example requestFrom('curl -sI https://httpbin.org/get')
 */
export function requestFrom(text: string | string[]): RequestResult {
  if (Array.isArray(text)) return parseRequest(text)
  const words = splitWords(text)
  return words.ok ? parseRequest(words.value, text.trim()) : words
}
