// `npm run release`, after `npm run build`: release/out/kubectl-egress-v<version>.tar.gz, a krew archive that
// needs only `node` (>= 20) on PATH — no `npm ci`: the launcher `kubectl-egress`, `lib/` with bin/, dist/
// (with the hot bundles), the oclif manifest, the examples and the production node_modules; plus LICENSE,
// and release/out/egress.yaml, the krew manifest naming that archive with its sha256.
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = process.env.RELEASE_OUT ?? join(root, 'release', 'out')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const version = `v${pkg.version}`
const archiveName = `kubectl-egress-${version}.tar.gz`
// Where the archive will be published; krew downloads from it unless given --archive.
const urlBase = process.env.RELEASE_URL_BASE ?? `https://github.com/kubectl-egress/kubectl-egress/releases/download/${version}`

// The archive root has no package.json, so node reads this extensionless launcher as CommonJS; node resolves
// the symlink krew puts on PATH, so __dirname is the unpacked archive.
const LAUNCHER = `#!/usr/bin/env node
require('node:module').enableCompileCache?.()
import(require('node:url').pathToFileURL(require('node:path').join(__dirname, 'lib', 'bin', 'run.js')).href)
`

function fail(line) {
  process.stderr.write(`release: ${line}\n`)
  process.exit(2)
}

for (const need of ['LICENSE', 'dist/hot/trace.cjs', 'oclif.manifest.json'])
  if (!existsSync(join(root, need))) fail(`${need} is missing (run npm run build; LICENSE comes with the package)`)

const stage = join(out, 'stage')
rmSync(out, {recursive: true, force: true})
const lib = join(stage, 'lib')
mkdirSync(lib, {recursive: true})
for (const part of ['bin', 'dist', 'examples', 'oclif.manifest.json', 'package.json', 'package-lock.json']) {
  cpSync(join(root, part), join(lib, part), {recursive: true, filter: (src) => !src.startsWith(join(root, 'dist', 'bench')) && !src.startsWith(join(root, 'dist', 'test'))})
}
execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {cwd: lib, stdio: ['ignore', 'ignore', 'inherit']})
cpSync(join(root, 'LICENSE'), join(stage, 'LICENSE'))
writeFileSync(join(stage, 'kubectl-egress'), LAUNCHER)
chmodSync(join(stage, 'kubectl-egress'), 0o755)

const archive = join(out, archiveName)
execFileSync('tar', ['-czf', archive, '-C', stage, '.'])
const sha256 = createHash('sha256').update(readFileSync(archive)).digest('hex')
writeFileSync(join(out, 'egress.yaml'), krewManifest(sha256))
process.stdout.write(`${archive}\n${join(out, 'egress.yaml')}\nsha256 ${sha256}\n`)

// The fields krew checks (sigs.k8s.io/krew internal/index/validation/validate.go, ValidatePlugin and
// validatePlatform): apiVersion, kind Plugin, name = file name, a one-line shortDescription, a semver version
// with "v", and per platform uri, a 64-hex sha256, bin and a selector on os/arch only. The archive is plain
// JavaScript, the same for every OS and architecture node runs on; krew links `bin` into its PATH directory,
// which Windows does not run as a script, so Windows is left out.
function krewManifest(sha) {
  return `apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: egress
spec:
  version: ${version}
  homepage: ${urlBase.replace(/\/releases\/.*$/, '')}
  shortDescription: Write, check and trace service-mesh egress policy offline
  description: |
    ${pkg.description}.
    Needs Node.js ${pkg.engines.node} as \`node\` on PATH: the plugin is JavaScript, not a native binary.
  caveats: |
    kubectl egress runs with the \`node\` on your PATH (Node.js ${pkg.engines.node}); install Node.js first.
  platforms:
    - selector:
        matchExpressions:
          - key: os
            operator: In
            values: [darwin, linux]
      uri: ${urlBase}/${archiveName}
      sha256: ${sha}
      bin: kubectl-egress
`
}
