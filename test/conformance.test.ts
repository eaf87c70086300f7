/**
 * Replays every public demo in ../shared/conformance through the real CLI: `kubectl egress test` asserts each
 * trace step (test/helpers/scenarios.ts), and `kubectl egress trace -o json` on each step's cluster state keeps
 * the documented JSON contract and exit status (test/helpers/trace-contract.ts).
 */
import {join} from 'node:path'
import {ROOT} from './helpers/cli.js'
import {describeScenarios} from './helpers/scenarios.js'
import {describeTraceContract} from './helpers/trace-contract.js'

const CONFORMANCE = join(ROOT, '..', 'shared', 'conformance')
await describeScenarios(CONFORMANCE)
await describeTraceContract(CONFORMANCE)
