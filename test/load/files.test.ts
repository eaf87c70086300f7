import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {loadFiles, MAX_FILE_BYTES} from '../../src/load/files.js'

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n'

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'egress-files-'))
}

describe('what -f reads', () => {
  test('inside a directory a FIFO (or a symlink to one) named *.yaml is skipped and named, never opened', async () => {
    const d = dir()
    writeFileSync(join(d, 'a.yaml'), NAMESPACE)
    execFileSync('mkfifo', [join(d, 'pipe.yaml')])
    symlinkSync(join(d, 'pipe.yaml'), join(d, 'link.yaml'))
    symlinkSync(join(d, 'a.yaml'), join(d, 'z-link-to-file.yaml'))
    const {set, diagnostics} = await loadFiles([d])
    expect(set.resources.map((r) => r.source.file)).toEqual([join(d, 'a.yaml'), join(d, 'z-link-to-file.yaml')])
    expect(diagnostics).toMatchObject([
      {code: 'FILE_SKIPPED', severity: 'warning', source: {file: join(d, 'link.yaml')}, message: expect.stringContaining('a FIFO')},
      {code: 'FILE_SKIPPED', severity: 'warning', source: {file: join(d, 'pipe.yaml')}, message: expect.stringContaining('a FIFO')},
    ])
  })

  test("byte-order marks: UTF-16 (either order) is decoded, a UTF-8 one dropped, as kubectl's BOMOverride does", async () => {
    const d = dir()
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NAMESPACE, 'utf16le')])
    const be = Buffer.from(le.subarray(2)).swap16()
    writeFileSync(join(d, 'le.yaml'), le)
    writeFileSync(join(d, 'be.yaml'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]))
    writeFileSync(join(d, 'utf8.yaml'), '\ufeff' + NAMESPACE.replace('name: a', 'name: b'))
    const {set, diagnostics} = await loadFiles([d])
    expect(diagnostics).toEqual([])
    expect(set.resources.map((r) => [r.metadata.name, r.source.line, r.source.column])).toEqual([
      ['a', 1, 1],
      ['a', 1, 1],
      ['b', 1, 1],
    ])
  })

  test('a file larger than the loader reads is one error, without reading it', async () => {
    const d = dir()
    const big = join(d, 'big.yaml')
    writeFileSync(big, '')
    truncateSync(big, MAX_FILE_BYTES + 1)
    const {diagnostics} = await loadFiles([big])
    expect(diagnostics).toMatchObject([{code: 'FILE_TOO_LARGE', severity: 'error', source: {file: big}}])
  })

  test.each([
    ['an empty directory', (d: string) => [d], undefined],
    ['a directory of comments', (d: string) => (writeFileSync(join(d, 'c.yaml'), '# nothing\n---\n'), [d]), undefined],
    ['empty stdin', () => ['-'], async () => ''],
  ])('%s holds no objects: an error, as kubectl apply says "no objects passed to apply"', async (_, args, stdin) => {
    const d = dir()
    mkdirSync(join(d, 'sub'))
    const {set, diagnostics} = await loadFiles(args(d), stdin)
    expect(set.resources).toEqual([])
    expect(diagnostics).toMatchObject([{code: 'NO_OBJECTS', severity: 'error'}])
  })
})
