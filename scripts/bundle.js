// `npm run build`, after tsc: one prebuilt module per hot command (src/cli/hot.ts) in dist/hot, code-split so
// that the commands share their common chunks. ink, React, the cluster client and re2js stay out: the paths
// that need them load them lazily from node_modules (re2js only for a regex that needs it, src/regex/provide-re2.ts;
// typescript is oclif's optional development-time require). '@oclif/core' is narrowed to the four modules a command
// runs with; its index would also load Config, help, ux and the plugin loader.
import {build} from 'esbuild'
import {rmSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const LEAN_OCLIF = `export {Command} from '@oclif/core/command'
export * as Flags from '@oclif/core/flags'
export * as Args from '@oclif/core/args'
export {flush} from '@oclif/core/flush'`

const leanOclif = {
  name: 'lean-oclif',
  setup(b) {
    b.onResolve({filter: /^@oclif\/core$/}, () => ({path: 'lean-oclif', namespace: 'lean-oclif'}))
    b.onLoad({filter: /.*/, namespace: 'lean-oclif'}, () => ({contents: LEAN_OCLIF, resolveDir: root, loader: 'js'}))
  },
}

// yaml's "node" export is CommonJS, which esbuild cannot tree-shake; its ES module build is the same code.
const yamlEsm = {
  name: 'yaml-esm',
  setup(b) {
    b.onResolve({filter: /^yaml$/}, () => ({path: fileURLToPath(new URL('../node_modules/yaml/browser/index.js', import.meta.url))}))
  },
}

export const EXTERNAL = ['ink', 'react', 'react/*', '@kubernetes/client-node', 're2js', 'typescript']

export async function bundle(outdir) {
  rmSync(outdir, {recursive: true, force: true})
  return build({
    absWorkingDir: root,
    entryPoints: {hot: 'dist/src/cli/hot.js'},
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    external: EXTERNAL,
    plugins: [leanOclif, yamlEsm],
    minify: true,
    // oclif is CommonJS: its require() of node built-ins needs a real require in an ES module.
    banner: {js: "import {createRequire as __egressRequire} from 'node:module'; const require = __egressRequire(import.meta.url);"},
    metafile: true,
    logLevel: 'warning',
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle('dist/hot')
}
