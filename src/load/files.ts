import {open, readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {hasErrors, type Diagnostic} from '../model/diagnostic.js'
import type {ModelSet} from '../model/set.js'
import {parseResources} from './parse.js'

const MANIFEST = /\.(ya?ml|json)$/i

/**
 * The largest file (or stdin) the loader reads. Loading takes about 16 bytes of memory per byte of YAML
 * (measured: 41 MB, 137,000 objects → 650 MB), so this stays well inside Node's default heap; it is
 * still some 100,000 policies, and the API server takes no single object above 3 MiB.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024

/**
 * Expands -f arguments: files, directories (recursively, *.yaml|*.yml|*.json, sorted) and "-" for stdin.
 * Inside a directory only regular files are read (following symlinks): a FIFO or socket named *.yaml
 * would block or fail, so it is skipped with a warning that names it. A path given on its own is read
 * whatever it is (`-f <(generate)` is a pipe).
 */
export async function expandPaths(paths: readonly string[]): Promise<{files: string[]; diagnostics: Diagnostic[]}> {
  const files: string[] = []
  const diagnostics: Diagnostic[] = []
  for (const p of paths) {
    if (p === '-') {
      files.push('-')
      continue
    }
    const st = await stat(p).catch(() => null)
    if (!st) diagnostics.push(fileProblem(p, 'FILE_NOT_FOUND', 'error', 'no such file or directory'))
    else if (st.isDirectory()) await walk(p, files, diagnostics)
    else files.push(p)
  }
  return {files, diagnostics}
}

async function walk(dir: string, files: string[], diagnostics: Diagnostic[]): Promise<void> {
  const entries = await readdir(dir, {withFileTypes: true})
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const e of entries) {
    const full = join(dir, e.name)
    // kubectl's filepath.Walk does not follow a symlink to a directory; one to a file is read.
    if (e.isDirectory()) await walk(full, files, diagnostics)
    else if (MANIFEST.test(e.name)) {
      const st = e.isFile() ? null : await stat(full).catch(() => null)
      if (e.isFile() || st?.isFile()) files.push(full)
      else diagnostics.push(fileProblem(full, 'FILE_SKIPPED', 'warning', `skipped: not a regular file (${st ? kindOf(st) : 'a broken symlink'})`))
    }
  }
}

function kindOf(st: {isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean}): string {
  return st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : 'not a file'
}

/** Loads every object from the given -f arguments, in order. No object at all is an error, as for kubectl apply. */
export async function loadFiles(paths: readonly string[], stdin: () => Promise<Buffer | string> = readStdin): Promise<{set: ModelSet; diagnostics: Diagnostic[]}> {
  const {files, diagnostics} = await expandPaths(paths)
  const set: ModelSet = {resources: []}
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file
    const read = await (file === '-' ? stdin() : readBounded(file)).catch((e: Error) => e)
    if (read instanceof Error) {
      const tooLarge = read instanceof RangeError
      diagnostics.push(fileProblem(name, tooLarge ? 'FILE_TOO_LARGE' : 'FILE_UNREADABLE', 'error', read.message))
      continue
    }
    if (read.length > MAX_FILE_BYTES) {
      diagnostics.push(fileProblem(name, 'FILE_TOO_LARGE', 'error', tooLargeMessage(read.length)))
      continue
    }
    const parsed = parseResources(typeof read === 'string' ? read : decodeText(read), name)
    for (const r of parsed.resources) set.resources.push(r)
    diagnostics.push(...parsed.diagnostics)
  }
  if (paths.length > 0 && set.resources.length === 0 && !hasErrors(diagnostics)) {
    // kubectl v1.32 pkg/cmd/apply/apply.go: "no objects passed to apply"
    diagnostics.push(fileProblem(paths.map((p) => (p === '-' ? '<stdin>' : p)).join(', '), 'NO_OBJECTS', 'error', 'no objects found (kubectl apply: "no objects passed to apply")'))
  }
  return {set, diagnostics}
}

/**
 * Bytes → text as kubectl's FileVisitor reads them (cli-runtime v0.32 visitor.go: unicode.BOMOverride over
 * a UTF-8 decoder): a UTF-16 byte-order mark switches to UTF-16, a UTF-8 one is dropped.
 */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  const text = bytes.toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

async function readBounded(file: string): Promise<Buffer> {
  const handle = await open(file, 'r')
  try {
    const st = await handle.stat()
    if (st.isFile() && st.size > MAX_FILE_BYTES) throw new RangeError(tooLargeMessage(st.size))
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

/** Standard input, stopping once it is larger than any file the loader reads. */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length
    if (size > MAX_FILE_BYTES) throw new RangeError(tooLargeMessage(size, true))
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function tooLargeMessage(bytes: number, atLeast = false): string {
  return `${atLeast ? 'more than ' : ''}${(bytes / 2 ** 20).toFixed(0)} MiB: kubectl-egress reads files up to ${MAX_FILE_BYTES / 2 ** 20} MiB (the API server takes no object above 3 MiB)`
}

function fileProblem(file: string, code: string, severity: Diagnostic['severity'], message: string): Diagnostic {
  return {code, severity, field: '', message, source: {file, line: 0, column: 0, path: ''}}
}
