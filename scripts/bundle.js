// `npm run build`, after tsc: one prebuilt CommonJS module per hot command in dist/hot (the command's class and
// src/cli/hot.ts's runHot), unsplit, so that src/cli/load-bundle.ts can load each through V8's code cache. ink, React, the cluster client and re2js stay out: the paths
// that need them load them lazily from node_modules (re2js only for a regex that needs it, src/regex/provide-re2.ts;
// typescript is oclif's optional development-time require). '@oclif/core' is narrowed to what a command runs
// with: oclif's flag and argument builders and its parser under our lean Command (src/cli/lean-command.ts);
// oclif's index and Command would also load Config, help, ux and the plugin loader.
import {build} from 'esbuild'
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'
import {fileURLToPath} from 'node:url'
import {HOT_COMMANDS} from '../dist/src/cli/hot-commands.js'

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

const unreached = (list) => ({
  name: 'unreached-oclif',
  setup(b) {
    b.onResolve({filter: /^\.\.?\//}, (args) =>
      list.some((u) => u.path === args.path && u.importer.test(args.importer)) ? {path: args.importer + ':' + args.path, namespace: 'unreached-oclif'} : undefined,
    )
    b.onLoad({filter: /.*/, namespace: 'unreached-oclif'}, (args) => ({
      contents: `module.exports = new Proxy({}, {get(_, k) { if (k === '__esModule') return false; throw new Error('the bundle reached ' + ${JSON.stringify(args.path)} + ' (' + String(k) + ')') }})`,
      loader: 'js',
    }))
  },
})

const hotEntry = {
  name: 'hot-entry',
  setup(b) {
    b.onResolve({filter: /^hot-entry:/}, (args) => ({path: args.path.slice('hot-entry:'.length), namespace: 'hot-entry'}))
    b.onLoad({filter: /.*/, namespace: 'hot-entry'}, (args) => ({
      contents: `export {default as Command} from './dist/commands/${args.path}.js'\nexport {runHot} from './dist/src/cli/hot.js'`,
      resolveDir: root,
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

const OCLIF_HELP = `export {Help, getHelpFlagAdditions, normalizeArgv} from '@oclif/core/help'`
const OCLIF_OS = fileURLToPath(new URL('../node_modules/@oclif/core/lib/util/os.js', import.meta.url))

/**
 * The help bundle (dist/hot/help.cjs): oclif's own Help class and formatting code under ours (src/cli/help.ts),
 * run by src/cli/help-fast.ts on what oclif's Config holds, read here at build time; '@oclif/core' is narrowed to
 * its help module, and the help-class loader and dynamic-help defaults (which load command modules) are left out.
 */
const helpEntry = {
  name: 'help-entry',
  setup(b) {
    b.onResolve({filter: /^(help-entry|help-data)$/}, (args) => ({path: args.path, namespace: 'help-entry'}))
    b.onResolve({filter: /^@oclif\/core$/}, () => ({path: 'oclif-help', namespace: 'help-entry'}))
    b.onLoad({filter: /^help-entry$/, namespace: 'help-entry'}, () => ({
      contents: `import {showHelpFast} from './dist/src/cli/help-fast.js'
import {getPlatform, getShell} from ${JSON.stringify(OCLIF_OS)}
import data from 'help-data'
export async function runHelp(argv) { return showHelpFast(argv, data, {platform: await getPlatform(), shell: await getShell()}) }`,
      resolveDir: root,
      loader: 'js',
    }))
    b.onLoad({filter: /^help-data$/, namespace: 'help-entry'}, async () => ({contents: JSON.stringify(await helpData()), loader: 'json'}))
    b.onLoad({filter: /^oclif-help$/, namespace: 'help-entry'}, () => ({contents: OCLIF_HELP, resolveDir: root, loader: 'js'}))
  },
}

const HELP_UNREACHED = [
  {importer: /@oclif[\\/]core[\\/]lib[\\/]help[\\/]index\.js$/, path: '../config/ts-path'},
  {importer: /@oclif[\\/]core[\\/]lib[\\/]help[\\/]index\.js$/, path: '../module-loader'},
  {importer: /@oclif[\\/]core[\\/]lib[\\/]help[\\/]index\.js$/, path: '../util/cache-default-value'},
]

/**
 * Modules of oclif's that help loads for more than it runs, each replaced in the help bundle by the part help runs
 * (measured, CPU of `--help`: see the commit message): help/index.js takes only ux.stdout/stderr from ux/index.js
 * (which also builds the spinner, cli-spinners and colour conversion); os.js's getPlatform reads only `isWsl`
 * from wsl-utils (whose index loads fs/promises, streams and child_process); os.js needs child_process only for
 * the Windows shell (src/cli/help-fast.ts leaves Windows to oclif); the `debug` behind oclif's logger prints
 * only with DEBUG set, which help-fast leaves to oclif too.
 */
const HELP_REPLACED = [
  {importer: /@oclif[\\/]core[\\/]lib[\\/]help[\\/]index\.js$/, path: '../ux', contents: `const {stdout, stderr} = require('../ux/write'); exports.ux = {stdout, stderr}`},
  {importer: /@oclif[\\/]core[\\/]lib[\\/]util[\\/]os\.js$/, path: 'wsl-utils', contents: `export {default as isWsl} from 'is-wsl'`},
  {
    importer: /@oclif[\\/]core[\\/]lib[\\/]util[\\/]os\.js$/,
    path: 'node:child_process',
    contents: `module.exports = new Proxy({}, {get: (_, k) => require('child_process')[k]})`,
  },
  {importer: /@oclif[\\/]core[\\/]lib[\\/]logger\.js$/, path: 'debug', contents: `module.exports = () => () => {}`},
  // EJS compiles a function for every string it renders (help renders every summary, description and example);
  // one without '%' holds no tag (every EJS delimiter has one), and EJS renders it as itself.
  {
    importer: /@oclif[\\/]core[\\/]lib[\\/]help[\\/]util\.js$/,
    path: 'ejs',
    contents: `const m = require('ejs'); const ejs = m && m.__esModule ? m.default : m
exports.__esModule = true
exports.default = {render: (t, data) => (typeof t === 'string' && !t.includes('%') ? t : ejs.render(t, data))}`,
  },
]

const replaced = (list) => ({
  name: 'replaced-oclif',
  setup(b) {
    b.onResolve({filter: /.*/}, (args) => {
      const i = list.findIndex((r) => r.path === args.path && r.importer.test(args.importer))
      return i === -1 ? undefined : {path: `${i}`, namespace: 'replaced-oclif', pluginData: {resolveDir: dirname(args.importer)}}
    })
    b.onLoad({filter: /.*/, namespace: 'replaced-oclif'}, (args) => ({contents: list[Number(args.path)].contents, resolveDir: args.pluginData.resolveDir, loader: 'js'}))
  },
})

/** What src/cli/help-fast.ts's HelpData holds, from oclif's Config as `run` would load it. */
async function helpData() {
  const {Config} = await import('@oclif/core')
  const config = await Config.load(root)
  // hooks oclif runs around help that the fast path does not
  for (const plugin of config.plugins.values()) {
    const run = ['init', 'prerun', 'postrun', 'finally'].filter((h) => plugin.hooks[h]?.length)
    if (run.length > 0) throw new Error(`${plugin.name} has ${run.join(', ')} hooks: src/cli/help-fast.ts does not run them`)
  }
  if (config.pjson.oclif.helpClass !== './dist/src/cli/help.js') throw new Error('src/cli/help-fast.ts runs src/cli/help.ts: the helpClass moved')
  return {
    name: config.name,
    version: config.version,
    bin: config.bin,
    topicSeparator: config.topicSeparator,
    pjson: {name: config.pjson.name, version: config.pjson.version, description: config.pjson.description, oclif: config.pjson.oclif},
    commands: config.commands,
    topics: config.topics,
    pluginStates: Object.fromEntries([...config.plugins.values()].map((p) => [p.name, p.pjson.oclif?.state])),
  }
}

export const EXTERNAL = ['ink', 'react', 'react/*', '@kubernetes/client-node', 're2js', 'typescript']

export async function bundle(outdir) {
  rmSync(outdir, {recursive: true, force: true})
  const results = await Promise.all([
    build({...COMMON, outdir, entryPoints: Object.fromEntries(HOT_COMMANDS.map((c) => [c, `hot-entry:${c}`])), plugins: [hotEntry, leanOclif, unreached(UNREACHED), yamlEsm]}),
    build({...COMMON, outdir, entryPoints: {help: 'help-entry'}, plugins: [helpEntry, replaced(HELP_REPLACED), unreached(HELP_UNREACHED)]}),
  ])
  mkdirSync(outdir, {recursive: true})
  for (const f of results.flatMap((r) => r.outputFiles)) writeFileSync(f.path, f.text.replace(/\bimport\((?=["'])/g, '__egressImport('))
  return results
}

const COMMON = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  outExtension: {'.js': '.cjs'},
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  minify: true,
  // import.meta.url (finding-docs, cel-rules, provide-re2 locate files from it) as it is in an ES module.
  define: {'import.meta.url': '__egressUrl'},
  // A lazy import() of an external (the cluster client) goes through the loader's import when the bundle is
  // compiled with vm.Script (src/cli/load-bundle.ts): Node 20 drops vm's default importer with cached data.
  banner: {
    js: "var __egressUrl = require('node:url').pathToFileURL(__filename).href; var __egressImport = typeof __egressImportFrom === 'function' ? __egressImportFrom : (s) => import(s);",
  },
  metafile: true,
  write: false,
  logLevel: 'warning',
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundle('dist/hot')
}
