import {Flags} from '@oclif/core'
import {EgressCommand} from '../src/cli/base.js'
import {EXIT, InputError} from '../src/cli/exit.js'
import {clusterFlags, clusterFlagsOf, filenameFlag, fromFlag, istioVersionFlag, meshFlag, osmVersionFlag} from '../src/cli/flags.js'
import {readSidecarLogs, sinceSeconds} from '../src/replay/read-cluster-logs.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {resolveClient} from '../src/client/resolve-client.js'
import {SWITCHES, switchedSet, type SwitchName} from '../src/create/switched-set.js'
import {chooseMesh, meshAssumptions, readValidInput} from '../src/pipeline.js'
import {collectLogs} from '../src/replay/read-logs.js'
import type {FlowCollector} from '../src/replay/collect.js'
import {replay} from '../src/replay/replay.js'
import {replayToJson} from '../src/render/replay-json.js'
import {replayToMarkdown} from '../src/render/replay-markdown.js'
import {replayToText} from '../src/render/replay-text.js'
import {styleFor} from '../src/render/style.js'

export default class Replay extends EgressCommand {
  static override summary = "Replay the flows in the sidecars' access logs through the policies: which would be allowed, which denied, and why."
  static override description =
    `Reads access logs as "kubectl logs --prefix" prints them ([pod/POD/CONTAINER] LINE, from the istio-proxy or envoy container), or bare lines with --from; without --logs, reads the sidecar logs of the pods chosen by -n/-A, -l and --since from the cluster, as kubectl logs would print them. Formats: Istio's default TEXT format, its JSON encoding, and OSM's Envoy JSON format, detected per line. Pods are mapped to identities through the Pods and workloads in -f. Each distinct outbound flow is traced once. Exit status: 0 every flow allowed, 1 any denied, 2 bad input, 3 a flow the log or the simulator cannot decide.`
  static override examples = [
    'kubectl logs deploy/curl -c envoy --prefix -n curl > curl.log && kubectl egress replay --logs curl.log -f examples/osm',
    'kubectl egress replay --logs logs/ -f policies/ -o json',
    'kubectl egress replay --logs - --from default/sleep -f examples/istio < sleep-proxy.log',
    {
      description: 'The last hour of the sidecars of the pods labelled app=web in namespace shop, read from the cluster',
      command: 'kubectl egress replay -n shop -l app=web --since 1h',
    },
    {description: 'What would break if Istio went REGISTRY_ONLY', command: 'kubectl egress replay --logs logs/ -f policies/ --mesh-switch registry-only'},
  ]
  static override flags = {
    logs: Flags.string({summary: 'Access-log file, directory (recursive) or - for stdin; repeatable.', multiple: true, helpValue: 'PATH'}),
    selector: Flags.string({
      char: 'l',
      summary: 'Without --logs: read the sidecar logs of the pods with these labels (kubectl label selector).',
      helpValue: 'SELECTOR',
      helpGroup: 'CLUSTER',
    }),
    since: Flags.string({summary: 'Without --logs: only lines logged in this last while (5s, 2m, 3h), as kubectl logs --since.', helpValue: 'DURATION', helpGroup: 'CLUSTER'}),
    filename: filenameFlag,
    from: fromFlag,
    mesh: meshFlag,
    'osm-version': osmVersionFlag,
    'istio-version': istioVersionFlag,
    'mesh-switch': Flags.string({
      summary:
        'Replay against the policies as they would be after the switch: registry-only (Istio outboundTrafficPolicy REGISTRY_ONLY) or egress-policy (OSM enableEgress=false, enableEgressPolicy=true).',
      options: Object.keys(SWITCHES),
    }),
    output: outputFlag({formats: ['markdown']}),
    ...clusterFlags,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Replay)
    const input = await readValidInput(flags.filename ?? [], clusterFlagsOf(flags))
    const chosen = chooseMesh(input.set, flags.mesh)
    const name = flags['mesh-switch'] as SwitchName | undefined
    const switched = name === undefined ? input.set : switchedSet(input.set, chosen.mesh, name)
    if ('problem' in switched) throw new InputError([`--mesh-switch: ${switched.problem}`])
    const from = flags.from === undefined ? undefined : resolveClient(switched, chosen.mesh, {from: flags.from, namespace: flags.namespace})
    const where = flags.logs ? flags.logs.join(', ') : 'the sidecar logs'
    const since = sinceSeconds(flags.since)
    if (flags.logs && (flags.selector !== undefined || since !== undefined))
      throw new InputError(['-l and --since choose the pods whose logs are read from the cluster: drop them, or drop --logs'])
    const collected: FlowCollector = flags.logs ? await collectLogs(flags.logs) : await readSidecarLogs(clusterFlagsOf(flags), {selector: flags.selector, sinceSeconds: since})
    const {counts} = collected
    if (counts.outbound + counts.inbound === 0)
      throw new InputError([`${where}: none of the ${counts.lines} lines is an access log in Istio's TEXT or JSON format or OSM's JSON format`])
    const flows = replay(switched, collected.observed(), {
      mesh: chosen.mesh,
      from,
      namespace: flags.namespace,
      osmVersion: flags['osm-version'],
      istioVersion: flags['istio-version'],
      assumptions: meshAssumptions(chosen),
    })

    this.write(
      formatOutput(flags.output, {
        data: replayToJson(flows, counts),
        text: () => replayToText(flows, counts, styleFor(process.stdout)),
        names: () => flows.map((f) => `${f.from} ${f.trace?.request.typed ?? '(not replayed)'}`),
        other: {markdown: () => replayToMarkdown(flows, counts)},
      }),
    )
    const status = flows.some((f) => f.verdict === 'deny') ? EXIT.denied : flows.some((f) => f.verdict === 'unsupported') ? EXIT.unsupported : EXIT.ok
    if (status !== EXIT.ok) this.exit(status)
  }
}
