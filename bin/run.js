#!/usr/bin/env node
import module from 'node:module'
import {fileURLToPath} from 'node:url'

// Node ≥ 22.1 caches compiled code between runs; on Node 20 src/cli/load-bundle.ts does it for the hot bundles.
module.enableCompileCache?.()

const {hotCommandOf, mayBeHelp} = await import('../dist/src/cli/hot-commands.js')
const argv = process.argv.slice(2)
// A hot command runs from its bundle (scripts/bundle.js), as does help when src/cli/help-fast.ts can print it;
// completion, other commands and the rest of help go through oclif.
const hot = hotCommandOf(argv, process.env)
const bundle = (name) => import('../dist/src/cli/load-bundle.js').then(({loadBundle}) => loadBundle(fileURLToPath(new URL(`../dist/hot/${name}.cjs`, import.meta.url))))

if (hot) {
  const {Command, runHot} = await bundle(hot)
  await runHot(Command, hot, argv.slice(1))
} else if (!(mayBeHelp(argv, process.env) && (await (await bundle('help')).runHelp(argv)))) {
  const [{flush, run}, {failureOf, wantsVerbose}] = await Promise.all([import('@oclif/core'), import('../dist/src/cli/failure.js')])
  // oclif's own handler prints a stack and exits 1 (the status for "denied") for anything unexpected;
  // ours says what the failure means (src/cli/failure.ts).
  try {
    await run(argv, import.meta.url)
    await flush()
  } catch (err) {
    const failure = failureOf(err, {verbose: wantsVerbose(argv)})
    if (failure.lines.length > 0) process.stderr.write(failure.lines.join('\n') + '\n')
    await flush()
    process.exit(failure.status)
  }
}
