import {EgressCommand} from '../src/cli/base.js'
import {clusterFlags, clusterFlagsOf, verboseFlag} from '../src/cli/flags.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {objectName} from '../src/render/object-name.js'
import {connect} from '../src/cluster/connect.js'
import {layoutYaml} from '../src/cluster/yaml-layout.js'
import {readDeployedObjects} from '../src/pipeline.js'

export default class Snapshot extends EgressCommand {
  static override summary = 'Write what the cluster has deployed that decides egress, as YAML that -f can load again.'
  static override description = 'Attach the output to a bug report: `trace -f state.yaml` then reproduces the verdict offline.'
  static override examples = ['kubectl egress snapshot > state.yaml', 'kubectl egress snapshot -n curl --context staging > state.yaml']
  static override flags = {output: outputFlag({default: 'yaml'}), verbose: verboseFlag, ...clusterFlags}

  async run(): Promise<void> {
    const {flags} = await this.parse(Snapshot)
    const cluster = clusterFlagsOf(flags)
    // What the server stored, as it is: validating it (seconds for 10,000 objects) would change nothing here.
    const read = await readDeployedObjects(await connect(cluster), cluster)
    const header = `# kubectl-egress snapshot of context "${read.context}" (${read.scope})\n`
    const yaml = () => header + read.documents.map((d) => layoutYaml(d).text).join('---\n')
    const name = (d: Record<string, unknown>) => objectName(String(d.kind), String((d.metadata as {name: string}).name), String(d.apiVersion))
    this.write(
      formatOutput(flags.output, {data: {apiVersion: 'v1', kind: 'List', items: read.documents}, text: yaml, asIs: true, names: () => read.documents.map(name), other: {yaml}}),
    )
  }
}
