import {Args, Flags} from '@oclif/core'
import {requestFrom} from '../sim/request/index.js'
import {trace} from '../sim/trace/index.js'
import {EgressCommand} from '../src/cli/base.js'
import {EXIT, InputError, traceExitStatus} from '../src/cli/exit.js'
import {clusterFlags, clusterFlagsOf, parseDuration, simulationFlags, verboseFlag} from '../src/cli/flags.js'
import {splitRequestArgv} from '../src/cli/request-argv.js'
import {resolveClient} from '../src/client/resolve-client.js'
import {forMesh} from '../src/model/diagnostic.js'
import {chooseMesh, meshAssumptions, readValidInput, tableFor} from '../src/pipeline.js'
import {ignoredObjects, ignoredSummary} from '../src/understood-kinds.js'
import {traceToJson} from '../src/render/trace-json.js'
import {traceToShortText, traceToText} from '../src/render/trace-text.js'
import {objectName} from '../src/render/object-name.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {styleFor} from '../src/render/style.js'

export default class Trace extends EgressCommand {
  static override summary = 'Replay a request through the proxy rules the mesh would compile, and say why it is allowed or denied.'
  static override description = `REQUEST is what you would type inside the client pod. Exit status: 0 allowed, 1 denied, 2 bad input, 3 not modelled.`
  static override strict = false
  static override examples = [
    'kubectl egress trace -f examples/osm --from curl/curl -- curl -sI https://httpbin.org/get',
    'kubectl egress trace -f examples/osm --from curl/curl curl http://httpbin.org:80/get',
    'kubectl egress trace -f policies/ --from curl/curl -- curl -X POST -H "x-team: a" http://httpbin.org/post',
    'kubectl egress trace -f policies/ --from curl/curl -- curl --resolve db.example.com:443:10.0.0.5 https://db.example.com',
    'kubectl egress trace -f policies/ --from curl/curl -- curl -g "http://[2001:db8::1]:8080/"',
    'kubectl egress trace -f policies/ --from curl/curl -- curl --http1.0 http://httpbin.org/get',
    'kubectl egress trace -f policies/ --from curl/curl -- curl telnet://smtp.example.com:25',
    'kubectl egress trace -f policies/ --from curl/curl -- https://httpbin.org/get',
    'kubectl egress trace -f policies/ --from app/api -- mysql.example.com:3306',
    'kubectl egress trace -f policies/ --from app/api -- nc db.example.com 5432',
    'kubectl egress trace -f policies/ --from app/api -- openssl s_client -connect api.example.com:443 -servername api.example.com',
    'kubectl egress trace -f istio/ --mesh istio --from default/sleep --upstream-delay 5s -o json -- curl http://httpbin.org/delay/5',
  ]
  static override args = {request: Args.string({description: 'The request as typed in the pod (curl …, URL, HOST:PORT, nc, openssl s_client).'})}
  static override flags = {
    ...simulationFlags,
    'upstream-delay': Flags.string({summary: 'How long the real destination takes to answer, e.g. 5s.'}),
    output: outputFlag(),
    short: Flags.boolean({summary: 'One line: the verdict, what the client sees, what decided.'}),
    verbose: verboseFlag,
    ...clusterFlags,
  }

  async run(): Promise<void> {
    const {own, request: words} = splitRequestArgv(this.argv, Trace.flags)
    const {flags} = await this.parse({...Trace, strict: true, args: {}}, own)
    if (words.length === 0) throw new InputError(['no REQUEST given: e.g. -- curl -sI https://httpbin.org/get'])
    const parsed = requestFrom(words.length === 1 && /\s/.test(words[0]) ? words[0] : words)
    if (!parsed.ok) throw new InputError([`request: ${parsed.error.message}`])
    const delay = flags['upstream-delay'] === undefined ? undefined : parseDuration(flags['upstream-delay'])
    if (delay === null) throw new InputError([`--upstream-delay: "${flags['upstream-delay']}" is not a duration such as 5s or 250ms`])

    const input = await readValidInput(flags.filename ?? [], clusterFlagsOf(flags), flags['istio-version'])
    const chosen = chooseMesh(input.set, flags.mesh)
    const table = tableFor(input.set, chosen.mesh, resolveClient(input.set, chosen.mesh, flags), flags['osm-version'], flags['istio-version'])
    table.assumptions.unshift(...meshAssumptions(chosen))
    const ignored = ignoredObjects(input.set, chosen.mesh)
    if (flags.verbose)
      for (const r of ignored)
        process.stderr.write(
          `ignored: ${r.kind}/${r.metadata.namespace ? r.metadata.namespace + '/' : ''}${r.metadata.name} (${r.source.file}:${r.source.line}): ${chosen.mesh} does not read this kind\n`,
        )
    const result = trace(table, parsed.value, {upstreamDelaySeconds: delay})
    const warnings = forMesh(input.diagnostics, chosen.mesh).filter((d) => d.severity === 'warning')
    const style = styleFor(process.stdout)
    this.write(
      formatOutput(flags.output, {
        data: traceToJson(result, warnings),
        text: (width) =>
          flags.short ? traceToShortText(result, style) : traceToText(result, style, warnings, {width, verbose: flags.verbose, ignored: ignoredSummary(ignored, chosen.mesh)}),
        asIs: flags.short,
        names: () => (result.decidedBy?.from === 'resource' ? [objectName(result.decidedBy.ref.kind, result.decidedBy.ref.name)] : []),
      }),
    )
    const status = traceExitStatus(result.outcome.verdict)
    if (status !== EXIT.ok) this.exit(status)
  }
}
