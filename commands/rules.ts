import {Flags} from '@oclif/core'
import {EgressCommand} from '../src/cli/base.js'
import {clusterFlags, clusterFlagsOf, simulationFlags, verboseFlag} from '../src/cli/flags.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {resolveClient} from '../src/client/resolve-client.js'
import {chooseMesh, meshAssumptions, readValidInput, tableFor} from '../src/pipeline.js'
import {filterTable} from '../src/render/rules-filter.js'
import {ruleNames, rulesToText} from '../src/render/rules-text.js'
import {styleFor} from '../src/render/style.js'

export default class Rules extends EgressCommand {
  static override summary = 'Show the proxy rules the mesh would compile for one client, each with the file:line behind it.'
  static override description = '-o wide adds the FROM column (the file:line behind each rule); --port, --fqdn and --type narrow the tables as istioctl proxy-config does.'
  static override examples = [
    'kubectl egress rules -f examples/osm --from curl/curl',
    'kubectl egress rules -f examples/osm --from curl/curl --port 443 -o wide',
    'kubectl egress rules -f examples/istio --from default/sleep --fqdn edition.cnn.com',
    'kubectl egress rules -f examples/istio --from default/sleep -o json',
  ]
  static override flags = {
    ...simulationFlags,
    port: Flags.integer({summary: 'Only the filter chains for this destination port, and the routes and clusters they lead to.', min: 1, max: 65535}),
    fqdn: Flags.string({summary: 'Only what serves this host: virtual hosts whose domains cover it, chains with it as SNI, clusters for it.'}),
    type: Flags.string({summary: 'Only HTTP (route-based) or TCP (tcp_proxy) filter chains.', options: ['http', 'tcp']}),
    output: outputFlag({wide: true}),
    verbose: verboseFlag,
    ...clusterFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Rules)
    const input = await readValidInput(flags.filename ?? [], clusterFlagsOf(flags), flags['istio-version'])
    const chosen = chooseMesh(input.set, flags.mesh)
    const compiled = tableFor(input.set, chosen.mesh, resolveClient(input.set, chosen.mesh, flags), flags['osm-version'], flags['istio-version'])
    compiled.assumptions.unshift(...meshAssumptions(chosen))
    const table = filterTable(compiled, {port: flags.port, fqdn: flags.fqdn, type: flags.type as 'http' | 'tcp' | undefined})
    const style = styleFor(process.stdout)
    this.write(formatOutput(flags.output, {data: table, text: (width, wide) => rulesToText(table, style, {wide, width}), names: () => ruleNames(table)}))
  }
}
