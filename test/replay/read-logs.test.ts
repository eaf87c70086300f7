import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import type * as ReadLogs from '../../src/replay/read-logs.js'
import {ROOT} from '../helpers/cli.js'
import {istioText, osmLine} from './log-lines.js'

// The reader as built (npm test builds first): its threads run dist/src/replay/range-worker.js, a file the
// TypeScript sources have no runnable counterpart of.
const {collectLogs, lineRanges} = (await import(pathToFileURL(join(ROOT, 'dist/src/replay/read-logs.js')).href)) as typeof ReadLogs

const dir = mkdtempSync(join(tmpdir(), 'egress-read-logs-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/**
 * 600 lines: a flow in every third of the file, one first seen in the middle third, one first seen in the last,
 * other containers' lines, blank and non-log lines, CRLF endings, and a last line without its newline. Returns
 * the file and, per flow (by SNI or host), the line it first appears on and how many lines it has.
 */
function writeLog(name: string): {file: string; expected: Map<string, {first: number; count: number}>} {
  const lines: string[] = []
  const expected = new Map<string, {first: number; count: number}>()
  const flow = (key: string, line: string) => {
    lines.push(line)
    const seen = expected.get(key)
    if (seen) seen.count++
    else expected.set(key, {first: lines.length, count: 1})
  }
  for (let i = 0; i < 600; i++) {
    const third = Math.floor(i / 200)
    if (i % 7 === 0) lines.push(i % 2 ? '' : `[pod/app-1/app] GET /healthz ${i}`)
    else if (i % 5 === 0) flow('everywhere.example', istioText({sni: 'everywhere.example', id: `r${i}`, local: `10.0.0.5:${40000 + i}`}))
    else if (third === 1 && i % 3 === 0) flow('middle.example', osmLine({authority: 'middle.example', request_id: `r${i}`}))
    else if (third === 2 && i % 3 === 0) flow('last.example', istioText({sni: 'last.example', dst: '203.0.113.9:443', remote: `10.0.0.5:${50000 + i}`}))
    else flow('api.example', osmLine({request_id: `r${i}`}, 'curl-1'))
  }
  const file = join(dir, name)
  writeFileSync(file, lines.map((l, i) => (i % 11 === 0 ? `${l}\r` : l)).join('\n'))
  return {file, expected}
}

const keyOf = (o: {flow?: {kind: string; sni?: string; authority?: string}}) => (o.flow?.kind === 'tls' ? o.flow.sni : o.flow?.kind === 'http' ? o.flow.authority : undefined)

describe('collectLogs: a big file read by several threads, each a byte range', () => {
  it('splits on newlines into contiguous ranges that cover the file', async () => {
    const {file} = writeLog('ranges.log')
    const bytes = readFileSync(file)
    const ranges = await lineRanges(file, 3)
    expect(ranges).toHaveLength(3)
    expect(ranges[0].start).toBe(0)
    expect(ranges[2].end).toBeUndefined()
    for (let i = 0; i < 2; i++) {
      expect(bytes[ranges[i].end!]).toBe(10)
      expect(ranges[i + 1].start).toBe(ranges[i].end! + 1)
    }
  })

  it('gives the flows, counts and first lines that reading the lines in order gives', async () => {
    const {file, expected} = writeLog('flows.log')
    const threaded = await collectLogs([file], {threads: 3, splitBytes: 1})
    const whole = await collectLogs([file], {threads: 1})
    expect(threaded.counts).toEqual(whole.counts)
    expect(threaded.observed()).toEqual(whole.observed())
    expect(threaded.counts.lines).toBe(600)
    expect(threaded.observed().map((o) => [keyOf(o), o.first.line, o.count])).toEqual([...expected].map(([key, e]) => [key, e.first, e.count]))
  })

  it('numbers the lines of each file from 1 when several files are read', async () => {
    const a = writeLog('a.log')
    const b = writeLog('b.log')
    const observed = (await collectLogs([a.file, b.file], {threads: 2, splitBytes: 1})).observed()
    // b.log holds the same flows, so each is first seen in a.log and counted twice.
    expect(observed.map((o) => [o.first.file, o.first.line, o.count])).toEqual([...a.expected.values()].map((e) => [a.file, e.first, 2 * e.count]))
  })

  it('reads with threads in a node started with options a worker refuses (--input-type, -e)', () => {
    const {file, expected} = writeLog('options.log')
    const reader = JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/replay/read-logs.js')).href)
    const script = `const {collectLogs} = await import(${reader})
process.stdout.write(String((await collectLogs([${JSON.stringify(file)}], {threads: 2, splitBytes: 1})).observed().length))`
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8'})).toBe(String(expected.size))
  })
})
