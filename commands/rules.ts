import {EgressCommand} from '../src/cli/base.js'
import {clusterFlags, clusterFlagsOf, filenameFlag, fromFlag, istioVersionFlag, meshFlag, osmVersionFlag, outputFlag, selectorFlag} from '../src/cli/flags.js'
import {resolveClient} from '../src/client/resolve-client.js'
import {chooseMesh, meshAssumptions, readValidInput, tableFor} from '../src/pipeline.js'
import {rulesToText} from '../src/render/rules-text.js'
import {styleFor} from '../src/render/style.js'

export default class Rules extends EgressCommand {
  static override summary = 'Show the proxy rules the mesh would compile for one client, each with the file:line behind it.'
  static override examples = [
    'kubectl egress rules -f examples/osm --from curl/curl',
    'kubectl egress rules -f examples/istio --from default/sleep -o json',
  ]
  static override flags = {filename: filenameFlag, from: fromFlag, selector: selectorFlag, mesh: meshFlag, 'osm-version': osmVersionFlag, 'istio-version': istioVersionFlag, output: outputFlag(['text', 'json']), ...clusterFlags}

  async run(): Promise<void> {
    const {flags} = await this.parse(Rules)
    const input = await readValidInput(flags.filename ?? [], clusterFlagsOf(flags), flags['istio-version'])
    const chosen = chooseMesh(input.set, flags.mesh)
    const table = tableFor(input.set, chosen.mesh, resolveClient(input.set, chosen.mesh, flags), flags['osm-version'], flags['istio-version'])
    table.assumptions.unshift(...meshAssumptions(chosen))
    this.write(flags.output === 'json' ? JSON.stringify(table, null, 2) + '\n' : rulesToText(table, styleFor(process.stdout)))
  }
}
