import {EgressCommand} from '../src/cli/base.js'
import {clusterFlags, clusterFlagsOf} from '../src/cli/flags.js'
import {connect} from '../src/cluster/connect.js'
import {layoutYaml} from '../src/cluster/yaml-layout.js'
import {readDeployedObjects} from '../src/pipeline.js'

export default class Snapshot extends EgressCommand {
  static override summary = 'Write what the cluster has deployed that decides egress, as YAML that -f can load again.'
  static override description = 'Attach the output to a bug report: `trace -f state.yaml` then reproduces the verdict offline.'
  static override examples = ['kubectl egress snapshot > state.yaml', 'kubectl egress snapshot -n curl --context staging > state.yaml']
  static override flags = {...clusterFlags}

  async run(): Promise<void> {
    const {flags} = await this.parse(Snapshot)
    const cluster = clusterFlagsOf(flags)
    // What the server stored, as it is: validating it (seconds for 10,000 objects) would change nothing here.
    const read = await readDeployedObjects(await connect(cluster), cluster)
    const header = `# kubectl-egress snapshot of context "${read.context}" (${read.scope})\n`
    this.write(header + read.documents.map((d) => layoutYaml(d).text).join('---\n'))
  }
}
