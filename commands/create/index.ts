import {Args, Flags} from '@oclif/core'
import {EgressCommand} from '../../src/cli/base.js'
import {InputError} from '../../src/cli/exit.js'
import {clusterFlags, fromFlag, parseIdentity, verboseFlag} from '../../src/cli/flags.js'
import {type Client, kindOfWord, resolveClient} from '../../src/client/resolve-client.js'
import {type Known, knownObjects, meshForCreate} from '../../src/create/choose-mesh.js'
import {formatOutput, outputFlag} from '../../src/cli/output.js'
import {objectName} from '../../src/render/object-name.js'
import {createFromFlags} from '../../src/create/index.js'
import {printManifests} from '../../src/create/print.js'
import type {Askable, CreateFlags, CreateMesh} from '../../src/create/spec.js'

const MISSING: Record<Askable, string> = {
  name: 'NAME',
  from: '--from NAMESPACE/SERVICEACCOUNT (or sa/NAME -n NS, deploy/NAME with -f)',
  host: '--host HOST',
  port: '--port PORT/PROTOCOL',
}
const many = (summary: string, helpValue: string) => Flags.string({summary, helpValue, multiple: true})

export default class Create extends EgressCommand {
  static override summary = 'Write the egress policy for a need ("curl/curl may call httpbin.org over HTTPS") as YAML for the mesh in use.'
  static override description =
    `OSM/osm-edge: an Egress, plus an HTTPRouteGroup when --path, --method or --header narrow HTTP. Istio: a ServiceEntry, plus a VirtualService for routes and timeouts, the egress-gateway set with --via-gateway (in Gateway API form with --gateway-api: Gateway class istio, HTTPRoute/TLSRoute parented to the ServiceEntry and to the Gateway), a waypoint with --ambient (ServiceEntry labelled istio.io/use-waypoint, Gateway class istio-waypoint, and an AuthorizationPolicy on it when --from, --path or --method narrow it), a DestinationRule with --tls-origination, and a NetworkPolicy with --lockdown.
The mesh is --mesh, else detected from -f (or the cluster --context/--kubeconfig names), else asked on a terminal; without one it is required. Objects go to -n, else the client's namespace, else default. An Istio ServiceEntry is exported to its own namespace (--export-to to widen it) and create says who can use it.
Missing arguments are asked for on a terminal; without one, create lists them and exits 2. What validate would reject is refused, one line per flag. Mesh-wide switches: kubectl egress create mesh-switch --help. There is no --apply: pipe the output into kubectl apply -f - (or kubectl egress apply).`
  static override examples = [
    'kubectl egress create httpbin --mesh osm --from curl/curl --host httpbin.org --port 443/https',
    'kubectl egress create httpbin -f examples/osm --from deploy/curl --host httpbin.org --port 443/https',
    'kubectl egress create httpbin-get --mesh osm --from curl/curl --host httpbin.org --port 80/http --path "/get" --path "/status/.*" --method GET --header "user-agent=curl/.*"',
    'kubectl egress create mysql --mesh osm --from app/api --port 3306 --ip 10.20.0.0/16',
    'kubectl egress create db --mesh osm --from app/api --port 5432/tcp-server-first --ip 10.20.0.5/32 -o json',
    'kubectl egress create httpbin --mesh istio -n default --host httpbin.org --port 80/http --timeout 3s',
    'kubectl egress create httpbin --mesh istio -n shop --host httpbin.org --port 443 --export-to shop --export-to payments',
    'kubectl egress create cnn --mesh istio --from default/sleep --host edition.cnn.com --port 80/http --port 443/https --via-gateway --lockdown',
    'kubectl egress create cnn --mesh istio --from default/sleep --host edition.cnn.com --port 80/http --tls-origination',
    'kubectl egress create cnn --mesh istio -n default --host edition.cnn.com --port 80/http --port 443/https --gateway-api',
    'kubectl egress create httpbin --mesh istio -n istio-egress --from default/curl --host httpbin.org --port 80/http --method GET --path /get --ambient',
    'kubectl egress create smtp --mesh istio --from mail/sender --host smtp.example.com --port 25/tcp --ip 203.0.113.25/32 --lockdown',
    'kubectl egress create httpbin --mesh osm --from curl/curl --host httpbin.org --port 443/https | kubectl apply -f -',
  ]
  static override args = {name: Args.string({description: 'Name of the policy objects.'})}
  static override flags = {
    from: fromFlag,
    namespace: Flags.string({char: 'n', summary: "Namespace of the objects (default: the client's, else default), as kubectl create -n."}),
    host: many('Destination host (Host header / SNI); repeatable.', 'HOST'),
    port: many('PORT/PROTOCOL, e.g. 443/https, 80/http, 3306/tcp-server-first; repeatable. 80, 443 and server-first ports may omit the protocol.', 'PORT/PROTOCOL'),
    ip: many('Destination CIDR (tcp/https); repeatable.', 'CIDR'),
    path: many('HTTP path regex (whole path); repeatable, any of them.', 'REGEX'),
    method: many('HTTP method; repeatable, any of them.', 'METHOD'),
    header: many('HTTP header that must match, NAME=REGEX; repeatable, all of them.', 'NAME=REGEX'),
    mesh: Flags.string({
      summary: 'Mesh to write for; detected from -f or the cluster named by --context/--kubeconfig, asked on a terminal, else required.',
      options: ['osm', 'osm-edge', 'istio'],
    }),
    filename: Flags.string({char: 'f', summary: 'Files with the mesh setup and workloads: tell the mesh and resolve --from deploy/NAME; repeatable.', multiple: true}),
    'export-to': many("Istio: namespaces that may use the ServiceEntry (. own, * all, ~ none, or names); default . (and the gateway's namespace with --via-gateway).", 'NAMESPACE'),
    'via-gateway': Flags.boolean({summary: 'Istio: route through istio-system/istio-egressgateway (Gateway, DestinationRule, two-hop VirtualService).'}),
    'gateway-api': Flags.boolean({
      summary: 'Istio: route through an egress gateway in Gateway API form (Gateway class istio, HTTPRoute/TLSRoute), deployed by istiod as <name>-egress-gateway-istio.',
    }),
    ambient: Flags.boolean({summary: 'Istio ambient: bind the ServiceEntry to a waypoint (class istio-waypoint); --from/--path/--method become its AuthorizationPolicy.'}),
    'tls-origination': Flags.boolean({summary: 'Istio: the app sends plain HTTP; the sidecar originates TLS to the https port (443 by default).'}),
    timeout: Flags.string({summary: 'Istio: HTTP route timeout, e.g. 3s.'}),
    lockdown: Flags.boolean({summary: 'Istio: add the NetworkPolicy that stops pods bypassing the sidecar (needs --via-gateway or --ip).'}),
    output: outputFlag({default: 'yaml'}),
    verbose: verboseFlag,
    kubeconfig: clusterFlags.kubeconfig,
    context: clusterFlags.context,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Create)
    const cluster = flags.context || flags.kubeconfig ? {kubeconfig: flags.kubeconfig, context: flags.context} : null
    const known = await knownObjects(flags.filename ?? [], cluster)
    const chosen = await meshForCreate(flags.mesh, known)
    const from = flags.from === undefined ? undefined : clientFor(flags.from, flags.namespace, chosen.mesh, known)
    const given: CreateFlags = {...flags, name: args.name, mesh: chosen.mesh, from: from && `${from.namespace}/${from.serviceAccount}`}
    let checked = createFromFlags(given)
    if (checked.missing.length > 0 && checked.problems.length === 0 && process.stdin.isTTY && process.stderr.isTTY) {
      const {askMissing} = await import('../../src/create/ask.js')
      const a = await askMissing(checked.missing, given.mesh)
      checked = createFromFlags({...given, name: a.name?.[0] ?? given.name, from: a.from?.[0] ?? given.from, host: a.host ?? given.host, port: a.port ?? given.port})
    }
    const missing = checked.missing.length > 0 ? [`missing ${checked.missing.map((m) => MISSING[m]).join(', ')}`] : []
    const {manifests} = checked
    if (!manifests) throw new InputError([...missing, ...checked.problems])
    for (const note of [chosen.why, from?.chosen, ...checked.notes]) if (note) process.stderr.write(`note: ${note}\n`)
    const yaml = () => printManifests(manifests, 'yaml')
    const names = () => manifests.map((m) => objectName(String(m.kind), String((m.metadata as {name: string}).name), String(m.apiVersion)))
    this.write(formatOutput(flags.output, {data: {apiVersion: 'v1', kind: 'List', items: manifests}, text: yaml, asIs: true, names, other: {yaml}}))
  }
}

/**
 * --from as kubectl names clients. NAMESPACE/SERVICEACCOUNT and sa/NAME -n NS need nothing else; a Pod or
 * workload is looked up in the -f files or the cluster for the service account it runs as.
 */
function clientFor(from: string, namespace: string | undefined, mesh: CreateMesh, known: Known | null): Client {
  const slash = from.indexOf('/')
  const kind = slash > 0 ? kindOfWord(from.slice(0, slash)) : undefined
  const id = kind ? null : parseIdentity(from)
  if (id) return id
  if (!known && namespace !== undefined && kind?.kind === 'ServiceAccount') return {namespace, serviceAccount: from.slice(slash + 1)}
  if (!known && kind?.kind === 'ServiceAccount') throw new InputError([`--from ${from}: pass -n with the service account's namespace, or --from NAMESPACE/SERVICEACCOUNT`])
  if (!known && kind)
    throw new InputError([
      `--from ${from} names a ${kind.kind}: pass -f with its manifest (or --context) to read the service account it runs as, or --from NAMESPACE/SERVICEACCOUNT`,
    ])
  return resolveClient(known?.set ?? {resources: []}, mesh, {from, namespace})
}
