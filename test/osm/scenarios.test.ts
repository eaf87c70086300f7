/**
 * The public OSM and osm-edge scenarios in test/osm/scenarios, built from the upstream projects' own e2e and
 * unit tests and their sidecar code (each file names its sources), run through the real CLI.
 */
import {join} from 'node:path'
import {ROOT} from '../helpers/cli.js'
import {describeScenarios} from '../helpers/scenarios.js'

await describeScenarios(join(ROOT, 'test', 'osm', 'scenarios'))
