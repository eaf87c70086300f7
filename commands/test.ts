import {Flags} from '@oclif/core'
import {EgressCommand} from '../src/cli/base.js'
import {EXIT, InputError} from '../src/cli/exit.js'
import {verboseFlag} from '../src/cli/flags.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {formatDiagnostic} from '../src/model/diagnostic.js'
import {styleFor} from '../src/render/style.js'
import {testToJson} from '../src/render/test-json.js'
import {testToJunit} from '../src/render/test-junit.js'
import {testResults, testToMarkdown} from '../src/render/reports.js'
import {toSarif} from '../src/render/sarif.js'
import {coverageToText, testToText} from '../src/render/test-text.js'
import {summarizeCoverage} from '../src/scenario/coverage.js'
import {readScenario, scenarioFiles} from '../src/scenario/read-scenario.js'
import {runScenario} from '../src/scenario/run-scenario.js'

export default class Test extends EgressCommand {
  static override summary = 'Run scenario files: replay their steps and check each trace step’s expectations.'
  static override description = `Scenario format: shared/conformance/README.md; resources inline or as files: relative to the scenario.
-o name lists the steps that did not pass, as FILE:LINE.
Exit status: 0 every expectation holds, 1 one does not (or coverage is under --fail-under), 2 bad input.`
  static override strict = false
  static override examples = [
    'kubectl egress test egress-tests/',
    'kubectl egress test egress-tests/httpbin.yaml -o junit > report.xml',
    'kubectl egress test egress-tests/ --coverage --fail-under 80',
  ]
  static override flags = {
    output: outputFlag({formats: ['junit', 'markdown', 'sarif']}),
    verbose: verboseFlag,
    coverage: Flags.boolean({summary: 'Report which compiled rules (filter chains, virtual hosts, routes, gateway hops) no step exercised.'}),
    'fail-under': Flags.string({summary: 'Exit 1 when rule coverage is below PERCENT (implies --coverage).', helpValue: 'PERCENT'}),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Test)
    const paths = argv as string[]
    if (paths.length === 0) throw new InputError(['no scenario given: kubectl egress test FILE_OR_DIR…'])
    const failUnder = flags['fail-under'] === undefined ? undefined : Number(flags['fail-under'])
    if (failUnder !== undefined && !(failUnder >= 0 && failUnder <= 100)) throw new InputError([`--fail-under: "${flags['fail-under']}" is not a percentage from 0 to 100`])

    const found = await scenarioFiles(paths)
    const read = await Promise.all(found.files.map((f) => readScenario(f)))
    const problems = [...found.diagnostics, ...read.flatMap((r) => r.diagnostics)]
    if (problems.length > 0) throw new InputError(problems.map(formatDiagnostic))
    const results = read.map((r) => runScenario(r.scenario!))
    const steps = results.flatMap((r) => r.steps)
    const coverage = flags.coverage || failUnder !== undefined ? summarizeCoverage(results) : null

    const style = styleFor(process.stdout)
    this.write(
      formatOutput(flags.output, {
        data: testToJson(steps, coverage),
        text: () => testToText(steps, results.length, style) + (coverage ? '\n' + coverageToText(coverage, style) : ''),
        names: () => steps.filter((s) => s.status !== 'pass').map((s) => `${s.file}:${s.line}`),
        other: {junit: () => testToJunit(steps), markdown: () => testToMarkdown(steps, results.length), sarif: () => JSON.stringify(toSarif(testResults(steps)), null, 2) + '\n'},
      }),
    )

    if (coverage && failUnder !== undefined && coverage.percent < failUnder)
      process.stderr.write(`Failed to meet coverage requirement: ${failUnder}% (have ${coverage.percent.toFixed(1)}%)\n`)
    if (steps.some((s) => s.status === 'error')) this.exit(EXIT.badInput)
    if (steps.some((s) => s.status === 'fail') || (coverage && failUnder !== undefined && coverage.percent < failUnder)) this.exit(EXIT.denied)
  }
}
