import {Lexer, Parser, type CST} from 'yaml'
import {DocumentBuilder, MAX_DEPTH, YamlError, type Built, type YamlWarning} from './build-document.js'
import {splitDocuments} from './split-documents.js'

export interface StreamProblem {
  code: string
  offset: number
  message: string
}

export interface Stream {
  documents: Built[]
  /** What stopped kubectl reading the rest of the file (kubectl's StreamVisitor returns at the first decode error). */
  error?: StreamProblem
  warnings: YamlWarning[]
}

/**
 * libyaml's reader refuses characters outside YAML's printable set (goyaml.v2 readerc.go
 * `yaml_parser_update_buffer`: "control characters are not allowed"): tab, line breaks, U+0085 and
 * U+00A0 onwards are allowed, except surrogates and U+FFFE/U+FFFF.
 */
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/u

/** Every document of a file's text, as kubectl reads them, with the problem that made kubectl stop. */
export function readStream(text: string): Stream {
  const from = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const body = from ? text.slice(from) : text
  const split = splitDocuments(body)
  const control = CONTROL.exec(body)
  const documents: Built[] = []
  const warnings: YamlWarning[] = []
  const stop = (problem: StreamProblem): Stream => ({documents, warnings, error: {...problem, offset: problem.offset + from}})
  const controlProblem = (at: RegExpExecArray): StreamProblem => ({
    code: 'YAML_CONTROL_CHARACTER',
    offset: at.index,
    message: `control characters are not allowed (U+${at[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`,
  })
  for (const piece of split.pieces) {
    if (control && control.index < piece.end) return stop(controlProblem(control))
    try {
      const read = readPiece(body.slice(piece.start, piece.end), piece.start + from, split.format === 'json')
      if (read.document) documents.push(read.document)
      warnings.push(...read.warnings)
    } catch (e) {
      if (e instanceof YamlError) return stop({code: e.code, offset: e.offset - from, message: e.message})
      if (e instanceof RangeError)
        return stop({code: 'YAML_TOO_DEEP', offset: piece.start, message: `this document nests too deeply to read (kubectl-egress reads ${MAX_DEPTH} levels)`})
      throw e
    }
  }
  if (split.error) return stop({code: 'YAML_SYNTAX', ...split.error})
  if (control) return stop(controlProblem(control))
  return {documents, warnings}
}

/**
 * One piece of kubectl's split. go-yaml's Unmarshal reads its first document only: whatever follows a
 * "..." line up to the next "---" line is never looked at (goyaml.v2 yaml.go `unmarshal`, `parser.parse`).
 */
function readPiece(text: string, base: number, json: boolean): {document: Built | null; warnings: YamlWarning[]} {
  if (json) checkJson(text, base)
  const lexer = new Lexer()
  const parser = new Parser()
  let doc: CST.Document | null = null
  /** Where content starts that go-yaml never reads: after "...", or after a root node that has ended. */
  let ignoredFrom = -1
  let explicitEnd = false
  const take = (token: CST.Token): void => {
    if (TRIVIA.has(token.type)) return
    // libyaml starts an implicit document at the first token, and "..." is no node content.
    if (token.type === 'doc-end' && !doc?.value) throw new YamlError(base + token.offset, 'did not find expected node content')
    if (doc) {
      if (token.type === 'doc-end') {
        explicitEnd = true
        const lineEnd = text.indexOf('\n', token.offset)
        ignoredFrom = lineEnd === -1 ? text.length : lineEnd + 1
      } else ignoredFrom = token.offset
      return
    }
    switch (token.type) {
      case 'document':
        doc = token
        ignoredFrom = doc.end?.find((t) => !TRIVIA.has(t.type))?.offset ?? -1
        break
      case 'directive':
        throw new YamlError(base + token.offset, 'did not find expected <document start>')
      case 'error':
        throw new YamlError(base + token.offset, token.message)
      default:
        throw new YamlError(base + token.offset, `unexpected ${token.type}`)
    }
  }
  lex: for (const lexeme of lexer.lex(text)) {
    for (const token of parser.next(lexeme)) {
      take(token)
      if (ignoredFrom !== -1) break lex
    }
    if (parser.stack.length > MAX_DEPTH + 2) throw new YamlError(base + parser.offset, `nesting deeper than ${MAX_DEPTH} levels`, 'YAML_TOO_DEEP')
  }
  if (ignoredFrom === -1) for (const token of parser.end()) take(token)
  if (!doc) return {document: null, warnings: []}
  const document: CST.Document = doc
  const root = document.value
  // A root block collection at column 0 cannot end before "..." or the end of the piece: what eemeli's
  // parser leaves over after it is an error inside the document for libyaml.
  if (ignoredFrom !== -1 && !explicitEnd && (root?.type === 'block-map' || root?.type === 'block-seq') && root.indent === 0)
    throw new YamlError(base + ignoredFrom, 'did not find expected key')
  const builder = new DocumentBuilder(text, base, json)
  const built = builder.build(document)
  const warnings = builder.warnings
  const ignored = ignoredFrom === -1 ? null : /^[ \t]*[^\s#]/m.exec(text.slice(ignoredFrom))
  if (ignored)
    warnings.push({
      offset: base + ignoredFrom + ignored.index,
      message: 'kubectl reads only the first YAML document before the next "---" line: everything from here to there is ignored',
    })
  return {document: built, warnings}
}

const TRIVIA = new Set<string>(['comment', 'newline', 'space', 'byte-order-mark'])

/** encoding/json's verdict on one value of a JSON stream, with where it failed. */
function checkJson(text: string, base: number): void {
  try {
    JSON.parse(text)
  } catch (e) {
    const message = (e as Error).message
    const at = /position (\d+)/.exec(message)
    throw new YamlError(base + (at ? Number(at[1]) : 0), `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, 'JSON_SYNTAX')
  }
}
