import {Flags} from '@oclif/core'
import {EgressCommand} from '../src/cli/base.js'
import {EXIT, InputError} from '../src/cli/exit.js'
import {clusterFlags, clusterFlagsOf, simulationFlags, verboseFlag} from '../src/cli/flags.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {explain} from '../src/explain/index.js'
import {formatDiagnostic} from '../src/model/diagnostic.js'
import {resolveClient} from '../src/client/resolve-client.js'
import {chooseMesh, istioVersionOf, readInput} from '../src/pipeline.js'
import {explanationToMarkdown} from '../src/render/explain-markdown.js'
import {explanationToDot, explanationToMermaid} from '../src/render/explain-graph.js'
import {explainResults} from '../src/render/reports.js'
import {toSarif} from '../src/render/sarif.js'
import {explanationToText} from '../src/render/explain-text.js'
import {styleFor} from '../src/render/style.js'
import {accepted} from '../src/validate/index.js'

export default class Explain extends EgressCommand {
  static override summary = 'Say in plain words what each client may reach and what happens to everything else, and list the mistakes the mesh accepts silently.'
  static override description =
    `Each sentence is confirmed by tracing a representative request and cites the file:line behind it. Findings have stable codes, like istioctl analyze; objects the real system would reject are findings with severity error and are left out of the sentences.
Exit status: 0, or 1 when --fail-on is given and a finding of that severity or worse exists; 2 on bad input.`
  static override examples = [
    {description: 'Explain every client the policies and workloads name', command: 'kubectl egress explain -f examples/osm'},
    {description: 'One client only', command: 'kubectl egress explain -f examples/istio --from default/sleep'},
    {description: 'A pull-request comment', command: 'kubectl egress explain -f policies/ -o markdown > comment.md'},
    {description: 'Machine-readable output', command: 'kubectl egress explain -f policies/ -o json'},
    {description: 'CI gate: fail on any warning', command: 'kubectl egress explain -f policies/ --fail-on warning'},
    {description: 'CI gate: fail only on what the cluster would reject', command: 'kubectl egress explain -f policies/ --fail-on error'},
    {description: 'What is deployed in the current context', command: 'kubectl egress explain -A'},
  ]
  static override flags = {
    ...simulationFlags,
    output: outputFlag({formats: ['markdown', 'sarif', 'mermaid', 'dot']}),
    verbose: verboseFlag,
    'fail-on': Flags.string({summary: 'Exit 1 when a finding of this severity or worse exists.', options: ['warning', 'error']}),
    ...clusterFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Explain)
    const input = await readInput(flags.filename ?? [], clusterFlagsOf(flags), flags['istio-version'])
    // Files that cannot be read or parsed are bad input; rejected objects are findings.
    const unreadable = input.diagnostics.filter((d) => d.severity === 'error' && !d.object)
    if (unreadable.length > 0) throw new InputError(unreadable.map(formatDiagnostic))
    const {mesh} = chooseMesh(input.set, flags.mesh)
    const from = flags.from || flags.selector ? resolveClient(input.set, mesh, flags) : undefined
    const result = explain(accepted(input.set, input.diagnostics), input.diagnostics, {
      mesh,
      from,
      osmVersion: flags['osm-version'] === 'main' ? 'main' : '1.2',
      istioVersion: istioVersionOf(flags['istio-version']),
    })

    this.write(
      formatOutput(flags.output, {
        data: result,
        text: () => explanationToText(result, styleFor(process.stdout)),
        names: () => result.clients.map((c) => c.client),
        other: {
          markdown: () => explanationToMarkdown(result),
          sarif: () => JSON.stringify(toSarif(explainResults(result)), null, 2) + '\n',
          mermaid: () => explanationToMermaid(result),
          dot: () => explanationToDot(result),
        },
      }),
    )
    const failing = flags['fail-on'] === 'error' ? ['error'] : flags['fail-on'] === 'warning' ? ['error', 'warning'] : []
    if (result.findings.some((d) => failing.includes(d.severity))) this.exit(EXIT.denied)
  }
}
