import {createReadStream} from 'node:fs'
import {open, readdir, stat} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {join} from 'node:path'
import type {Readable} from 'node:stream'
import {Worker} from 'node:worker_threads'
import {InputError} from '../cli/exit.js'
import {FlowCollector, type CollectedLines} from './collect.js'

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

export interface ReadOptions {
  stdin?: Readable
  /** Threads a big file is read with (default: one per core, os.availableParallelism()). */
  threads?: number
  /** A file is split in byte ranges, one per thread, only if each range holds at least this many bytes. */
  splitBytes?: number
}

/**
 * A thread takes ~65 ms to start and load the reader; 32 MiB of access log take ~150 ms to read on one thread
 * (bench/replay.ts), so smaller ranges would gain little or lose.
 */
const SPLIT_BYTES = 32 * 1024 * 1024

/**
 * Streams every line of every file through one collector (files of any size: never one string per file). A big
 * file is read by one thread per core, each a byte range ending at a newline; the flows are the same, in the
 * same order, with the same counts and first lines, as reading it in one piece.
 */
export async function collectLogs(paths: readonly string[], options: ReadOptions = {}): Promise<FlowCollector> {
  const {stdin = process.stdin, threads = availableParallelism(), splitBytes = SPLIT_BYTES} = options
  const collector = new FlowCollector()
  for (const file of await logFiles(paths)) {
    const name = file === '-' ? '<stdin>' : file
    try {
      if (file === '-') await eachLine(stdin, (line, n) => collector.add(line, name, n))
      else await collectFile(file, collector, Math.min(threads, Math.floor((await stat(file)).size / splitBytes)))
    } catch (e) {
      throw new InputError([`${name}: ${(e as Error).message}`])
    }
  }
  return collector
}

async function collectFile(file: string, collector: FlowCollector, threads: number): Promise<void> {
  const [first, ...later] = threads > 1 ? await lineRanges(file, threads) : [{start: 0}]
  const workers = later.map((range) => readInThread(file, range))
  try {
    const before = collector.counts.lines
    await eachLine(createReadStream(file, first), (line, n) => collector.add(line, file, n))
    let lines = collector.counts.lines - before
    for (const part of await Promise.all(workers.map((w) => w.done))) {
      collector.absorb(part, lines)
      lines += part.counts.lines
    }
  } finally {
    for (const w of workers) void w.worker.terminate()
  }
}

/** A byte range as createReadStream takes it: `end` inclusive; no end reads to the end of the file. */
export interface ByteRange {
  start: number
  end?: number
}

/**
 * `count` ranges of about equal size, each but the last ending on a newline (a UTF-8 newline byte is never
 * inside a character), the last reading to the end of the file as it is then; fewer where a line is longer
 * than a range.
 */
export async function lineRanges(file: string, count: number): Promise<ByteRange[]> {
  const handle = await open(file)
  try {
    const {size} = await handle.stat()
    const starts = [0]
    const window = Buffer.alloc(64 * 1024)
    for (let k = 1; k < count; k++) {
      let at = Math.max(Math.floor((size * k) / count), starts[starts.length - 1])
      for (;;) {
        const {bytesRead} = await handle.read(window, 0, window.length, at)
        const newline = window.subarray(0, bytesRead).indexOf(10)
        if (newline >= 0) {
          if (at + newline + 1 < size) starts.push(at + newline + 1)
          break
        }
        if (bytesRead === 0) break
        at += bytesRead
      }
    }
    return starts.map((start, i) => (i + 1 < starts.length ? {start, end: starts[i + 1] - 1} : {start}))
  } finally {
    await handle.close()
  }
}

/** Reads one range of a file into a collector: what range-worker.ts runs in its thread. */
export async function collectRange(file: string, range: ByteRange): Promise<CollectedLines> {
  const collector = new FlowCollector()
  await eachLine(createReadStream(file, range), (line, n) => collector.add(line, file, n))
  return {counts: collector.counts, observed: collector.observed()}
}

function readInThread(file: string, range: ByteRange): {worker: Worker; done: Promise<CollectedLines>} {
  // No node options of this process: some refuse a worker started from a file (--input-type, as `node
  // --input-type=module -e` has), and none changes how a range is read.
  const worker = new Worker(new URL('./range-worker.js', import.meta.url), {workerData: {file, range}, execArgv: []})
  const done = new Promise<CollectedLines>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the thread reading bytes ${range.start}… stopped (exit ${code})`)))
  })
  // A failure of the first range leaves these unawaited; collectFile terminates them.
  done.catch(() => {})
  return {worker, done}
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
