/**
 * The project's own public scenarios (test/scenarios/*.yaml, the ../shared/conformance format): Istio's egress
 * documentation flows for Gateway API gateways and ambient waypoints, each with the outcome its page shows,
 * replayed through the real CLI.
 */
import {join} from 'node:path'
import {ROOT} from './helpers/cli.js'
import {describeScenarios} from './helpers/scenarios.js'

await describeScenarios(join(ROOT, 'test', 'scenarios'))
