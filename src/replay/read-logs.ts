import {createReadStream} from 'node:fs'
import {readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'
import type {Readable} from 'node:stream'
import {InputError} from '../cli/exit.js'
import {FlowCollector} from './collect.js'

/** --logs arguments: files, directories (every file, recursively, sorted) and "-" for stdin. */
export async function logFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = []
  for (const p of paths) {
    if (p === '-') {
      files.push('-')
      continue
    }
    const st = await stat(p).catch(() => null)
    if (!st) throw new InputError([`${p}: no such file or directory`])
    files.push(...(st.isDirectory() ? await walk(p) : [p]))
  }
  return files
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true})
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const out: string[] = []
  for (const e of entries) out.push(...(e.isDirectory() ? await walk(join(dir, e.name)) : [join(dir, e.name)]))
  return out
}

/** Streams every line of every file through one collector (files of any size: never one string per file). */
export async function collectLogs(paths: readonly string[], stdin: Readable = process.stdin): Promise<FlowCollector> {
  const collector = new FlowCollector()
  for (const file of await logFiles(paths)) {
    const name = file === '-' ? '<stdin>' : file
    const stream = file === '-' ? stdin : createReadStream(file)
    try {
      await eachLine(stream, (line, n) => collector.add(line, name, n))
    } catch (e) {
      throw new InputError([`${name}: ${(e as Error).message}`])
    }
  }
  return collector
}

/** Calls `onLine` with each line (without its \n or \r\n) and its 1-based number. */
export async function eachLine(stream: Readable, onLine: (line: string, n: number) => void): Promise<void> {
  stream.setEncoding('utf8')
  let rest = ''
  let n = 0
  for await (const chunk of stream) {
    const text = rest + (chunk as string)
    let start = 0
    let nl: number
    while ((nl = text.indexOf('\n', start)) >= 0) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
      onLine(text.slice(start, end), ++n)
      start = nl + 1
    }
    rest = text.slice(start)
  }
  if (rest !== '') onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest, n + 1)
}
