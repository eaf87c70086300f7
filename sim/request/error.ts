import type {Request} from './types.js'

/** Stable codes: tests and callers branch on these, never on the message. */
export type RequestErrorCode =
  | 'REQUEST_EMPTY'
  | 'REQUEST_UNTERMINATED_QUOTE'
  | 'REQUEST_TRAILING_BACKSLASH'
  | 'REQUEST_SHELL_SYNTAX'
  | 'REQUEST_UNKNOWN_CLIENT'
  | 'REQUEST_UNKNOWN_OPTION'
  | 'REQUEST_MISSING_VALUE'
  | 'REQUEST_BAD_VALUE'
  | 'REQUEST_MISSING_URL'
  | 'REQUEST_EXTRA_ARGUMENT'
  | 'REQUEST_BAD_URL'
  | 'REQUEST_UNSUPPORTED_SCHEME'
  | 'REQUEST_URL_GLOB'
  | 'REQUEST_BAD_HOST'
  | 'REQUEST_BAD_PORT'
  | 'REQUEST_MISSING_PORT'
  | 'REQUEST_UNSUPPORTED'

export interface RequestError {
  code: RequestErrorCode
  message: string
  /** The word (option, URL, argument) the problem is in, as typed. */
  word?: string
}

export type Result<T> = {ok: true; value: T} | {ok: false; error: RequestError}

export type RequestResult = Result<Request>

export function ok<T>(value: T): Result<T> {
  return {ok: true, value}
}

export function fail<T = never>(code: RequestErrorCode, message: string, word?: string): Result<T> {
  return {ok: false, error: word === undefined ? {code, message} : {code, message, word}}
}
