/**
 * Replays every public demo in ../shared/conformance through the real CLI and asserts each trace step
 * (test/helpers/scenarios.ts).
 */
import {join} from 'node:path'
import {ROOT} from './helpers/cli.js'
import {describeScenarios} from './helpers/scenarios.js'

await describeScenarios(join(ROOT, '..', 'shared', 'conformance'))
