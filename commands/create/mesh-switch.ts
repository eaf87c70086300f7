import {Flags} from '@oclif/core'
import {stringify} from 'yaml'
import {EgressCommand} from '../../src/cli/base.js'
import {InputError} from '../../src/cli/exit.js'
import {verboseFlag} from '../../src/cli/flags.js'
import {formatOutput, outputFlag} from '../../src/cli/output.js'
import {objectName} from '../../src/render/object-name.js'
import {meshSwitch} from '../../src/create/mesh-switch.js'

const bool = (summary: string) => Flags.string({summary, options: ['true', 'false']})

export default class CreateMeshSwitch extends EgressCommand {
  static override summary = 'Write a mesh-wide egress switch as the patch to apply: OSM enableEgress / enableEgressPolicy, Istio outboundTrafficPolicy.'
  static override description =
    `-o yaml (default) prints the partial object (an OSM MeshConfig to merge, or an IstioOperator overlay for istioctl install -f); -o command prints the one command that applies it.`
  static override examples = [
    {description: 'OSM: stop passing unknown destinations through, so Egress policies decide', command: 'kubectl egress create mesh-switch --mesh osm --enable-egress=false'},
    {description: 'OSM: honour Egress policies (v1.2 feature flag)', command: 'kubectl egress create mesh-switch --mesh osm --enable-egress-policy=true -o command'},
    {description: 'Istio: only registered destinations', command: 'kubectl egress create mesh-switch --mesh istio --outbound-traffic-policy REGISTRY_ONLY'},
    {description: 'Istio: as an istioctl command', command: 'kubectl egress create mesh-switch --mesh istio --outbound-traffic-policy REGISTRY_ONLY -o command'},
  ]
  static override flags = {
    mesh: Flags.string({summary: 'Mesh to write for.', options: ['osm', 'osm-edge', 'istio'], default: 'osm'}),
    'enable-egress': bool('OSM spec.traffic.enableEgress: pass unknown destinations through.'),
    'enable-egress-policy': bool('OSM spec.featureFlags.enableEgressPolicy: honour Egress policies.'),
    'outbound-traffic-policy': Flags.string({summary: 'Istio meshConfig.outboundTrafficPolicy.mode.', options: ['REGISTRY_ONLY', 'ALLOW_ANY']}),
    'control-plane-namespace': Flags.string({summary: 'Namespace of the control plane (default osm-system or istio-system).'}),
    output: outputFlag({default: 'yaml', formats: ['command']}),
    verbose: verboseFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(CreateMeshSwitch)
    const mesh = flags.mesh as 'osm' | 'osm-edge' | 'istio'
    const toBool = (v: string | undefined) => (v === undefined ? undefined : v === 'true')
    const result = meshSwitch({
      mesh,
      enableEgress: toBool(flags['enable-egress']),
      enableEgressPolicy: toBool(flags['enable-egress-policy']),
      outboundTrafficPolicy: flags['outbound-traffic-policy'] as 'REGISTRY_ONLY' | 'ALLOW_ANY' | undefined,
      controlPlaneNamespace: flags['control-plane-namespace'] ?? (mesh === 'istio' ? 'istio-system' : 'osm-system'),
    })
    if ('problem' in result) throw new InputError([result.problem])
    const object = result.object as {apiVersion: string; kind: string; metadata?: {name?: string}}
    const yaml = () => stringify(object)
    this.write(
      formatOutput(flags.output, {
        data: object,
        text: yaml,
        asIs: true,
        names: () => [objectName(object.kind, object.metadata?.name ?? '', object.apiVersion)],
        other: {yaml, command: () => result.command + '\n'},
      }),
    )
  }
}
