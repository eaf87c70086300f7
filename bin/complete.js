#!/usr/bin/env node
// kubectl (≥ 1.26) completes `kubectl egress …` by running kubectl_complete-egress with the words typed after it.
import {main} from '../dist/src/complete/main.js'

await main(new URL('../oclif.manifest.json', import.meta.url), process.argv.slice(2))
process.exit(0)
