import {readFileSync} from 'node:fs'
import {expect, test} from 'vitest'
import {ROOT, runCli} from '../helpers/cli.js'

const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {version: string}
const manifest = JSON.parse(readFileSync(`${ROOT}oclif.manifest.json`, 'utf8')) as {commands: Record<string, {flags: Record<string, {options?: string[]; default?: string}>}>}

test('version: the package version, and per mesh the versions the --osm-version / --istio-version flags accept', async () => {
  const r = await runCli(['version', '-o', 'json'])
  expect(r.status).toBe(0)
  const out = JSON.parse(r.stdout) as {clientVersion: {version: string; node: string}; meshes: Array<{mesh: string; versions: string[]; default: string}>}
  expect(out.clientVersion.version).toBe(pkg.version)
  expect(out.clientVersion.node).toBe(process.version)
  const flags = manifest.commands.trace.flags
  const byMesh = Object.fromEntries(out.meshes.map((m) => [m.mesh, m]))
  expect(Object.keys(byMesh).sort()).toEqual([...(flags.mesh.options ?? [])].sort())
  expect([byMesh.osm.versions, byMesh.osm.default]).toEqual([flags['osm-version'].options, flags['osm-version'].default])
  expect([byMesh.istio.versions, byMesh.istio.default]).toEqual([flags['istio-version'].options, flags['istio-version'].default])
})

test('version text starts with the name and version, as --version does', async () => {
  const [text, flag] = await Promise.all([runCli(['version']), runCli(['--version'])])
  expect(text.stdout.split('\n')[0]).toMatch(new RegExp(`^kubectl-egress ${pkg.version.replace(/\./g, '\\.')} \\(node ${process.version}, `))
  expect(flag.stdout).toContain(`kubectl-egress/${pkg.version}`)
})
