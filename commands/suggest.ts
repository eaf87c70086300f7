import {Flags} from '@oclif/core'
import {EgressCommand} from '../src/cli/base.js'
import {EXIT, InputError} from '../src/cli/exit.js'
import {clusterFlags, clusterFlagsOf, filenameFlag, fromFlag, istioVersionFlag, meshFlag, osmVersionFlag} from '../src/cli/flags.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {objectName} from '../src/render/object-name.js'
import {resolveClient} from '../src/client/resolve-client.js'
import {printManifests} from '../src/create/print.js'
import type {CreateMesh} from '../src/create/spec.js'
import {SWITCHES, switchedSet, type SwitchName} from '../src/create/switched-set.js'
import {meshAssumptions, readValidInput} from '../src/pipeline.js'
import {collectLogs} from '../src/replay/read-logs.js'
import type {ReplayedFlow} from '../src/replay/replay.js'
import {flowText} from '../src/render/replay-json.js'
import {originText} from '../src/render/trace-text.js'
import {suggest} from '../src/suggest/index.js'

function originOf(f: ReplayedFlow): string {
  const o = f.trace?.decidedBy
  return o ? originText(o) : 'the input'
}

export default class Suggest extends EgressCommand {
  static override summary = "Suggest the least egress policy that allows exactly the external flows in the sidecars' access logs."
  static override description =
    `Replays the access logs (as replay reads them) against the policies in -f, and for every external flow they deny writes the policy that allows it, per client identity: OSM Egress (http by Host, with --paths an HTTPRouteGroup of the observed paths; https by SNI; tcp by /32 address ranges) or Istio ServiceEntries exported to the client's namespace (VirtualServices only with --paths). In-mesh flows are left alone. Before printing, the suggestion is proven: the policies plus the suggestion validate, every observed flow is allowed, and a neighbour never observed (another host, SNI, address, port, or path) stays denied. Exit status: 0 printed (or nothing to add); 1 the proof failed (nothing printed), or some observed flows are denied by a route of the input for their host, which only changing that route can fix (the proven rest is printed, those flows named on stderr); 2 bad input.`
  static override examples = [
    'kubectl egress suggest --logs curl.log -f examples/osm --mesh osm',
    'kubectl egress suggest --logs logs/ -f policies/ --mesh istio --mesh-switch registry-only --paths -o json',
  ]
  static override flags = {
    logs: Flags.string({summary: 'Access-log file, directory (recursive) or - for stdin; repeatable.', multiple: true, required: true, helpValue: 'PATH'}),
    filename: filenameFlag,
    mesh: {...meshFlag, required: true},
    paths: Flags.boolean({summary: 'Allow only the observed HTTP paths (an HTTPRouteGroup or VirtualService per host), not every path of an observed host.'}),
    from: fromFlag,
    'osm-version': osmVersionFlag,
    'istio-version': istioVersionFlag,
    'mesh-switch': Flags.string({
      summary: 'Suggest for the policies as they would be after the switch: registry-only (Istio) or egress-policy (OSM).',
      options: Object.keys(SWITCHES),
    }),
    output: outputFlag({default: 'yaml'}),
    ...clusterFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Suggest)
    const mesh = flags.mesh as CreateMesh
    const input = await readValidInput(flags.filename ?? [], clusterFlagsOf(flags), flags['istio-version'])
    const name = flags['mesh-switch'] as SwitchName | undefined
    const existing = name === undefined ? input.set : switchedSet(input.set, mesh, name)
    if ('problem' in existing) throw new InputError([`--mesh-switch: ${existing.problem}`])
    const from = flags.from === undefined ? undefined : resolveClient(existing, mesh, {from: flags.from, namespace: flags.namespace})
    const collected = await collectLogs(flags.logs)
    if (collected.counts.outbound + collected.counts.inbound === 0)
      throw new InputError([`${flags.logs.join(', ')}: none of the ${collected.counts.lines} lines is an access log in Istio's TEXT or JSON format or OSM's JSON format`])
    const result = suggest(existing, collected.observed(), {
      mesh,
      from,
      namespace: flags.namespace,
      paths: flags.paths,
      osmVersion: flags['osm-version'],
      istioVersion: flags['istio-version'],
      assumptions: meshAssumptions({mesh, why: '--mesh'}),
    })
    const {proof} = result
    if (proof.problems.length > 0) {
      process.stderr.write(`suggest: the suggestion failed its proof, so it is not printed:\n${proof.problems.map((p) => `  ${p}`).join('\n')}\n`)
      this.exit(EXIT.denied)
    }
    const skipped = [
      result.inMesh.length > 0 ? `${result.inMesh.length} denied in-mesh flow(s) left alone` : '',
      result.unreplayable.length > 0 ? `${result.unreplayable.length} flow(s) the log cannot say enough about` : '',
    ].filter(Boolean)
    process.stderr.write(
      result.manifests.length === 0
        ? `suggest: every external flow in the logs is already allowed; nothing to add${skipped.length ? ` (${skipped.join('; ')})` : ''}\n`
        : `suggest: ${result.manifests.length} object(s) for ${result.wanted.length} denied external flow(s); proven: ${proof.flows} observed flow(s) allowed, ${proof.neighbours} unobserved neighbour(s) still denied${skipped.length ? `; ${skipped.join('; ')}` : ''}\n`,
    )
    if (result.manifests.length > 0 && mesh === 'istio')
      process.stderr.write('suggest: Istio ServiceEntries cannot name a ServiceAccount: every workload in the namespace may use them\n')
    if (result.manifests.length > 0) {
      const yaml = () => printManifests(result.manifests, 'yaml')
      const names = () => result.manifests.map((m) => objectName(String(m.kind), String((m.metadata as {name: string}).name), String(m.apiVersion)))
      this.write(formatOutput(flags.output, {data: {apiVersion: 'v1', kind: 'List', items: result.manifests}, text: yaml, asIs: true, names, other: {yaml}}))
    }
    if (result.routedElsewhere.length > 0) {
      const lines = result.routedElsewhere.map((f) => `  ${f.from} ${flowText(f.flow)}: no route of ${originOf(f)} matches it; widen that route`)
      process.stderr.write(
        `suggest: ${result.routedElsewhere.length} observed flow(s) stay denied: their host is already routed by the input, and only a change to it can allow them:\n${lines.join('\n')}\n`,
      )
      this.exit(EXIT.denied)
    }
  }
}
