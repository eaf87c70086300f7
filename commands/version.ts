import {EgressCommand} from '../src/cli/base.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {SIMULATED_MESHES} from '../src/simulated-meshes.js'

export default class Version extends EgressCommand {
  static override summary = "Print kubectl-egress's version and the mesh control-plane versions it simulates."
  static override description = 'Offline, like `kubectl version --client`: nothing is read from a cluster.'
  static override examples = ['kubectl egress version', 'kubectl egress version -o json']
  static override flags = {output: outputFlag()}

  async run(): Promise<void> {
    const {flags} = await this.parse(Version)
    const data = {
      clientVersion: {version: this.config.version, node: process.version, platform: `${process.platform}/${process.arch}`},
      meshes: SIMULATED_MESHES.map((m) => ({mesh: m.mesh, versions: [...m.versions], default: m.default, upstream: m.upstream, proxy: m.proxy})),
    }
    const text = () =>
      [
        `kubectl-egress ${data.clientVersion.version} (node ${data.clientVersion.node}, ${data.clientVersion.platform})`,
        'Simulates:',
        ...data.meshes.map((m) => `  ${m.mesh.padEnd(9)} ${versionsText(m.versions, m.default).padEnd(25)} ${m.upstream}, ${m.proxy}`),
      ].join('\n') + '\n'
    this.write(formatOutput(flags.output, {data, text, asIs: true, names: () => [`kubectl-egress/${data.clientVersion.version}`]}))
  }
}

/** "1.2 (default), main"; a long run as "1.22…1.31 (default 1.31)". */
function versionsText(versions: readonly string[], chosen: string): string {
  if (versions.length > 3) return `${versions[0]}…${versions[versions.length - 1]} (default ${chosen})`
  return versions.map((v) => (v === chosen ? `${v} (default)` : v)).join(', ')
}
