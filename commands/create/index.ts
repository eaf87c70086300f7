import {Args, Flags} from '@oclif/core'
import {EgressCommand} from '../../src/cli/base.js'
import {InputError} from '../../src/cli/exit.js'
import {fromFlag, verboseFlag} from '../../src/cli/flags.js'
import {formatOutput, outputFlag} from '../../src/cli/output.js'
import {objectName} from '../../src/render/object-name.js'
import {createManifests} from '../../src/create/index.js'
import {printManifests} from '../../src/create/print.js'
import {type Askable, type CreateFlags, type CreateMesh, checkCreateFlags} from '../../src/create/spec.js'

const MISSING: Record<Askable, string> = {name: 'NAME', from: '--from NAMESPACE/SERVICEACCOUNT', host: '--host HOST', port: '--port PORT/PROTOCOL'}
const many = (summary: string, helpValue: string) => Flags.string({summary, helpValue, multiple: true})

export default class Create extends EgressCommand {
  static override summary = 'Write the egress policy for a need ("curl/curl may call httpbin.org over HTTPS") as YAML for the mesh in use.'
  static override description = `OSM/osm-edge: an Egress, plus an HTTPRouteGroup when --path, --method or --header narrow HTTP. Istio: a ServiceEntry, plus a VirtualService for routes and timeouts, the egress-gateway set with --via-gateway, a DestinationRule with --tls-origination, and a NetworkPolicy with --lockdown.
Missing arguments are asked for on a terminal; without one, create lists them and exits 2. Mesh-wide switches: kubectl egress create mesh-switch --help. There is no --apply: pipe the output into kubectl apply -f - (or kubectl egress apply).`
  static override examples = [
    'kubectl egress create httpbin --from curl/curl --host httpbin.org --port 443/https',
    'kubectl egress create httpbin-get --from curl/curl --host httpbin.org --port 80/http --path "/get" --path "/status/.*" --method GET --header "user-agent=curl/.*"',
    'kubectl egress create mysql --from app/api --port 3306 --ip 10.20.0.0/16',
    'kubectl egress create db --from app/api --port 5432/tcp-server-first --ip 10.20.0.5/32 -o json',
    'kubectl egress create httpbin --mesh istio --from default/sleep --host httpbin.org --port 80/http --timeout 3s',
    'kubectl egress create cnn --mesh istio --from default/sleep --host edition.cnn.com --port 80/http --port 443/https --via-gateway --lockdown',
    'kubectl egress create cnn --mesh istio --from default/sleep --host edition.cnn.com --port 80/http --tls-origination',
    'kubectl egress create smtp --mesh istio --from mail/sender --host smtp.example.com --port 25/tcp --ip 203.0.113.25/32 --lockdown',
    'kubectl egress create httpbin --from curl/curl --host httpbin.org --port 443/https | kubectl apply -f -',
  ]
  static override args = {name: Args.string({description: 'Name of the policy objects.'})}
  static override flags = {
    from: fromFlag,
    host: many('Destination host (Host header / SNI); repeatable.', 'HOST'),
    port: many('PORT/PROTOCOL, e.g. 443/https, 80/http, 3306/tcp-server-first; repeatable. 80, 443 and server-first ports may omit the protocol.', 'PORT/PROTOCOL'),
    ip: many('Destination CIDR (tcp/https); repeatable.', 'CIDR'),
    path: many('HTTP path regex (whole path); repeatable, any of them.', 'REGEX'),
    method: many('HTTP method; repeatable, any of them.', 'METHOD'),
    header: many('HTTP header that must match, NAME=REGEX; repeatable, all of them.', 'NAME=REGEX'),
    mesh: Flags.string({summary: 'Mesh to write for.', options: ['osm', 'osm-edge', 'istio'], default: 'osm'}),
    'via-gateway': Flags.boolean({summary: 'Istio: route through istio-system/istio-egressgateway (Gateway, DestinationRule, two-hop VirtualService).'}),
    'tls-origination': Flags.boolean({summary: 'Istio: the app sends plain HTTP; the sidecar originates TLS to the https port (443 by default).'}),
    timeout: Flags.string({summary: 'Istio: HTTP route timeout, e.g. 3s.'}),
    lockdown: Flags.boolean({summary: 'Istio: add the NetworkPolicy that stops pods bypassing the sidecar (needs --via-gateway or --ip).'}),
    output: outputFlag({default: 'yaml'}),
    verbose: verboseFlag,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Create)
    const given: CreateFlags = {...flags, name: args.name, mesh: flags.mesh as CreateMesh}
    let checked = checkCreateFlags(given)
    if (checked.missing.length > 0 && checked.problems.length === 0 && process.stdin.isTTY && process.stderr.isTTY) {
      const {askMissing} = await import('../../src/create/ask.js')
      const a = await askMissing(checked.missing, given.mesh)
      checked = checkCreateFlags({...given, name: a.name?.[0] ?? given.name, from: a.from?.[0] ?? given.from, host: a.host ?? given.host, port: a.port ?? given.port})
    }
    const missing = checked.missing.length > 0 ? [`missing ${checked.missing.map((m) => MISSING[m]).join(', ')}`] : []
    if (!checked.spec) throw new InputError([...missing, ...checked.problems])
    for (const note of checked.notes) process.stderr.write(`note: ${note}\n`)
    const manifests = createManifests(checked.spec)
    const yaml = () => printManifests(manifests, 'yaml')
    this.write(formatOutput(flags.output, {data: {apiVersion: 'v1', kind: 'List', items: manifests}, text: yaml, asIs: true, names: () => manifests.map((m) => objectName(String(m.kind), String((m.metadata as {name: string}).name), String(m.apiVersion))), other: {yaml}}))
  }
}
