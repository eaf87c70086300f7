#!/usr/bin/env node
import {flush, run} from '@oclif/core'
import {failureOf, wantsVerbose} from '../dist/src/cli/failure.js'

// oclif's own handler prints a stack and exits 1 (the status for "denied") for anything unexpected;
// ours says what the failure means (src/cli/failure.ts).
try {
  await run(process.argv.slice(2), import.meta.url)
  await flush()
} catch (err) {
  const failure = failureOf(err, {verbose: wantsVerbose(process.argv.slice(2))})
  if (failure.lines.length > 0) process.stderr.write(failure.lines.join('\n') + '\n')
  await flush()
  process.exit(failure.status)
}
