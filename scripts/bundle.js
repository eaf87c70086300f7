// `npm run build`, after tsc: one prebuilt module per hot command (src/cli/hot.ts) in dist/hot, code-split so
// that the commands share their common chunks. ink, React, the cluster client and re2js stay out: the paths
// that need them load them lazily from node_modules (re2js only for a regex that needs it, src/regex/provide-re2.ts;
// typescript is oclif's optional development-time require). '@oclif/core' is narrowed to what a command runs
// with: oclif's flag and argument builders and its parser under our lean Command (src/cli/lean-command.ts);
// oclif's index and Command would also load Config, help, ux and the plugin loader.
import {build} from 'esbuild'
import {rmSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const LEAN_OCLIF = `export {Command} from './dist/src/cli/lean-command.js'
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

/**
 * Requires inside oclif that a hot command never reaches, each replaced by a module that fails if it is: the help
 * class behind Flags.help/version and the parser's usage lines (help goes through oclif, bin/run.js), and
 * the top-level error handler (src/cli/hot.ts has its own).
 */
const UNREACHED = [
  {importer: /@oclif[\\/]core[\\/]lib[\\/]flags\.js$/, path: './help'},
  {importer: /@oclif[\\/]core[\\/]lib[\\/]parser[\\/]index\.js$/, path: './help'},
  {importer: /@oclif[\\/]core[\\/]lib[\\/]errors[\\/]index\.js$/, path: './handle'},
]

const unreachedOclif = {
  name: 'unreached-oclif',
  setup(b) {
    b.onResolve({filter: /^\.\/(help|handle)$/}, (args) =>
      UNREACHED.some((u) => u.path === args.path && u.importer.test(args.importer)) ? {path: args.importer + ':' + args.path, namespace: 'unreached-oclif'} : undefined,
    )
    b.onLoad({filter: /.*/, namespace: 'unreached-oclif'}, (args) => ({
      contents: `module.exports = new Proxy({}, {get(_, k) { if (k === '__esModule') return false; throw new Error('the hot path reached ' + ${JSON.stringify(args.path)} + ' (' + String(k) + ')') }})`,
      loader: 'js',
    }))
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
    plugins: [leanOclif, unreachedOclif, yamlEsm],
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
