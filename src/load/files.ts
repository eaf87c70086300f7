import {readdir, readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'
import type {Diagnostic} from '../model/diagnostic.js'
import type {ModelSet} from '../model/set.js'
import {parseResources} from './parse.js'

const MANIFEST = /\.(ya?ml|json)$/i

/** Expands -f arguments: files, directories (recursively, *.yaml|*.yml|*.json, sorted) and "-" for stdin. */
export async function expandPaths(paths: readonly string[]): Promise<{files: string[]; diagnostics: Diagnostic[]}> {
  const files: string[] = []
  const diagnostics: Diagnostic[] = []
  for (const p of paths) {
    if (p === '-') {
      files.push('-')
      continue
    }
    try {
      const st = await stat(p)
      if (st.isDirectory()) files.push(...(await walk(p)))
      else files.push(p)
    } catch {
      diagnostics.push({code: 'FILE_NOT_FOUND', severity: 'error', field: '', message: 'no such file or directory', source: {file: p, line: 0, column: 0, path: ''}})
    }
  }
  return {files, diagnostics}
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true})
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const out: string[] = []
  for (const e of entries) {
    const full = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await walk(full)))
    else if (MANIFEST.test(e.name)) out.push(full)
  }
  return out
}

async function readText(file: string, stdin: () => Promise<string>): Promise<string> {
  return file === '-' ? stdin() : readFile(file, 'utf8')
}

/** Loads every object from the given -f arguments, in order. */
export async function loadFiles(paths: readonly string[], stdin: () => Promise<string> = readStdin): Promise<{set: ModelSet; diagnostics: Diagnostic[]}> {
  const {files, diagnostics} = await expandPaths(paths)
  const set: ModelSet = {resources: []}
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file
    let text: string
    try {
      text = await readText(file, stdin)
    } catch (e) {
      diagnostics.push({code: 'FILE_UNREADABLE', severity: 'error', field: '', message: (e as Error).message, source: {file: name, line: 0, column: 0, path: ''}})
      continue
    }
    const parsed = parseResources(text, name)
    for (const r of parsed.resources) set.resources.push(r)
    diagnostics.push(...parsed.diagnostics)
  }
  return {set, diagnostics}
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
