/**
 * Cases of Istio's own simulation tests (istio/istio pilot/pkg/networking/core/*_simulation_test.go),
 * restated as scenario files in test/istio-simulation, and scenarios derived from istiod's code in
 * test/istio-scenarios; all replayed through the real CLI.
 */
import {join} from 'node:path'
import {ROOT} from './helpers/cli.js'
import {describeScenarios} from './helpers/scenarios.js'

await describeScenarios(join(ROOT, 'test', 'istio-simulation'))
await describeScenarios(join(ROOT, 'test', 'istio-scenarios'))
