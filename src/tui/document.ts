import {Document, isScalar, isSeq, parseAllDocuments, parseDocument} from 'yaml'

/**
 * One YAML document of the edited file and the exact text it is written back as. A document the user has
 * not touched keeps its original bytes (comments, quoting, blank lines); an edited one is re-printed by the
 * yaml library from its Document, which keeps comments and key order.
 */
export interface Part {
  readonly doc: Document
  readonly text: string
}

export type YamlPath = ReadonlyArray<string | number>

/** How the file indents block sequences under a key: kubectl's style ("key:\n- a") unless it shows the other. */
export function detectIndentSeq(text: string): boolean {
  const m = /^( *)[^\s#-][^\n]*:[ \t]*\n(?:[ \t]*#[^\n]*\n)*( *)- /m.exec(text)
  return m !== null && m[2].length > m[1].length
}

/** Cuts the file at document boundaries so that joinParts(splitParts(t)) === t. */
export function splitParts(text: string): Part[] {
  const docs = parseAllDocuments(text)
  // Only comments (or nothing): keep the text so that appending a policy does not drop it.
  if (docs.length === 0) return text.trim() === '' ? [] : [{doc: new Document(null), text}]
  return docs.map((doc, i) => {
    const start = i === 0 ? 0 : doc.range[0]
    const end = i + 1 < docs.length ? docs[i + 1].range[0] : text.length
    return {doc, text: text.slice(start, end)}
  })
}

export function joinParts(parts: readonly Part[]): string {
  return parts.map((p) => p.text).join('')
}

/**
 * joinParts(parts) === text, without making the joined text (asked on every keystroke). `textParts`, the parts
 * `text` was joined from, lets a part that is one of them at the same place be taken as equal unread.
 */
export function joinsTo(parts: readonly Part[], text: string, textParts: readonly Part[] = []): boolean {
  let length = 0
  for (const p of parts) length += p.text.length
  if (length !== text.length) return false
  let at = 0
  let known = 0
  for (const [i, p] of parts.entries()) {
    if (!(p === textParts[i] && at === known) && !text.startsWith(p.text, at)) return false
    at += p.text.length
    known += textParts[i]?.text.length ?? 0
  }
  return true
}

/** The document with the value at `path` set (or removed when `value` is undefined), re-printed. */
export function editPart(part: Part, path: YamlPath, value: unknown, indentSeq: boolean): Part {
  const doc = part.doc.clone()
  const node = doc.getIn(path, true)
  if (value === undefined) doc.deleteIn(path)
  // Setting a scalar's value in place keeps the comment written after it.
  else if (isScalar(node) && (value === null || typeof value !== 'object')) node.value = value
  else doc.setIn(path, doc.createNode(value))
  return {doc, text: printDoc(doc, indentSeq)}
}

/** The document with `item` appended to the sequence at `path` (created when absent). */
export function addItem(part: Part, path: YamlPath, item: unknown, indentSeq: boolean): Part {
  const doc = part.doc.clone()
  if (isSeq(doc.getIn(path, true))) doc.addIn(path, doc.createNode(item))
  else doc.setIn(path, doc.createNode([item]))
  return {doc, text: printDoc(doc, indentSeq)}
}

/** The parts with a new document holding `value` after them, separated by "---". */
export function appendPart(parts: readonly Part[], value: unknown, indentSeq: boolean): Part[] {
  const doc = new Document(value)
  const last = parts.at(-1)
  if (!last) return [{doc, text: printDoc(doc, indentSeq)}]
  doc.directives!.docStart = true
  const ended = last.text.endsWith('\n') ? last : {...last, text: last.text + '\n'}
  return [...parts.slice(0, -1), ended, {doc, text: printDoc(doc, indentSeq)}]
}

function printDoc(doc: Document, indentSeq: boolean): string {
  return doc.toString({indentSeq, lineWidth: 0})
}

/** Why `text` is not YAML that can be saved ("line 3: …"), or null. */
export function yamlProblem(text: string): string | null {
  const docs = parseAllDocuments(text, {prettyErrors: true})
  for (const doc of docs) {
    const e = doc.errors[0]
    if (e) return `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`
  }
  return null
}

/**
 * For a value that is itself a YAML document in a string (the `mesh` key of Istio's `istio` ConfigMap):
 * the string with the value at `inner` set.
 */
export function setInEmbedded(yamlText: unknown, inner: YamlPath, value: unknown): string {
  const doc = parseDocument(typeof yamlText === 'string' ? yamlText : '')
  if (doc.errors.length > 0) return String(yamlText)
  doc.setIn(inner, value)
  return doc.toString({lineWidth: 0}).replace(/\n$/, '')
}
