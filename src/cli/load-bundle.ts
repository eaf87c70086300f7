import {mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs'
import module, {createRequire} from 'node:module'
import {homedir} from 'node:os'
import {basename, dirname, join} from 'node:path'
import vm from 'node:vm'

/**
 * Loads a CommonJS bundle (scripts/bundle.js) through V8's code cache, kept per user and Node version, so that
 * a later start skips compiling it (measured: a third of the CPU time of a cold `trace`). This is what
 * `module.enableCompileCache()` does on Node ≥ 22.1 (bin/run.js turns it on), so there a plain require is used.
 */
export function loadBundle(file: string): unknown {
  const require = createRequire(file)
  if ('enableCompileCache' in module) return require(file)

  const {size, mtimeMs} = statSync(file)
  const cacheFile = join(cacheDir(), `${basename(file)}-${size}-${Math.trunc(mtimeMs)}.v8`)
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    // no cache yet: compile, and write one when the command is done
  }
  const source = readFileSync(file, 'utf8')
  // __egressImportFrom: the bundles' lazy import() of an external package (scripts/bundle.js); Node 20's vm
  // loses its default importer when it compiles from cached data.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __egressImportFrom) {${source}\n})`, {filename: file, cachedData})
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => save(script, cacheFile))
  const mod = {exports: {}}
  script.runInThisContext()(mod.exports, require, mod, file, dirname(file), (specifier: string) => import(specifier))
  return mod.exports
}

function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kubectl-egress', `${process.version}-${process.arch}`)
}

/** After the run, so that the cache holds the functions the command compiled lazily too; written whole or not at all. */
function save(script: vm.Script, cacheFile: string): void {
  try {
    makeDir(dirname(cacheFile))
    writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData())
    renameSync(`${cacheFile}.${process.pid}`, cacheFile)
  } catch {
    // an unwritable cache only costs the next start its compile time
  }
}

/**
 * mkdir -p that gives up where a directory cannot be made: Node's own recursive mkdir spins forever (100% CPU)
 * under /proc, whose mkdir of a missing child reports ENOENT, read as a missing parent, while the parent exists.
 */
function makeDir(dir: string): void {
  try {
    mkdirSync(dir)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return
    if (code !== 'ENOENT' || dirname(dir) === dir) throw err
    makeDir(dirname(dir))
    mkdirSync(dir)
  }
}
