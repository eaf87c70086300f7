import {EgressCommand} from '../src/cli/base.js'
import {EXIT} from '../src/cli/exit.js'
import {filenameFlag, istioVersionFlag, meshFlag, verboseFlag} from '../src/cli/flags.js'
import {detectMesh} from '../src/detect-mesh.js'
import {refString, sourceString} from '../src/model/source.js'
import {ignoredObjects, ignoredSummary} from '../src/understood-kinds.js'
import type {MeshName} from '../sim/compile/index.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {forMesh, formatDiagnostic, hasErrors} from '../src/model/diagnostic.js'
import {readInput} from '../src/pipeline.js'
import {objectName} from '../src/render/object-name.js'

export default class Validate extends EgressCommand {
  static override summary = 'Check resources as the API server and the mesh would, and warn about what they accept but ignore.'
  static override description = `Every problem is one line FILE:LINE: KIND/NS/NAME: field: problem  [CODE]; docs/findings/CODE.md explains each code. -o name lists the objects that have a problem. With --mesh (or the mesh the files are detected for), objects that mesh does not read are counted (-v lists them).
Exit status: 0 when nothing would be rejected (warnings allowed), 2 when something would be.`
  static override examples = [
    'kubectl egress validate -f examples/osm',
    'kubectl egress validate -f policies/ -f mesh-config.yaml',
    'cat egress.yaml | kubectl egress validate -f - -o json',
  ]
  static override flags = {filename: filenameFlag, mesh: meshFlag, 'istio-version': istioVersionFlag, output: outputFlag(), verbose: verboseFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(Validate)
    const input = await readInput(flags.filename ?? [], undefined, flags['istio-version'])
    const {set} = input
    const detected = detectMesh(set)
    const mesh = (flags.mesh as MeshName | undefined) ?? ('mesh' in detected ? detected.mesh : undefined)
    // Findings that differ between OSM and osm-edge are shown for the mesh the files are for.
    const diagnostics = mesh ? forMesh(input.diagnostics, mesh) : input.diagnostics
    const ignored = mesh ? ignoredObjects(set, mesh) : []
    const json = diagnostics.map((d) => ({code: d.code, severity: d.severity, object: d.object ?? null, field: d.field, message: d.message, file: d.source.file, line: d.source.line, column: d.source.column, hint: d.hint}))
    this.write(
      formatOutput(flags.output, {
        data: {objects: set.resources.length, diagnostics: json, ...(mesh ? {mesh, ignored: ignored.map((r) => ({...r.ref, file: r.source.file, line: r.source.line}))} : {})},
        text: () => diagnostics.map((d) => `${formatDiagnostic(d)}  [${d.code}]\n`).join(''),
        // FILE:LINE lines are read by editors and CI annotators: one per problem, never wrapped.
        asIs: true,
        names: () => [...new Set(diagnostics.flatMap((d) => (d.object ? [objectName(d.object.kind, d.object.name, set.resources.find((r) => r.kind === d.object!.kind && r.metadata.name === d.object!.name)?.apiVersion)] : [])))],
      }),
    )
    if (flags.output === 'text') {
      const errors = diagnostics.filter((d) => d.severity === 'error').length
      const notRead = mesh ? ignoredSummary(ignored, mesh) : undefined
      process.stderr.write(`${set.resources.length} objects: ${errors} rejected, ${diagnostics.length - errors} warnings${notRead ? `; ${notRead}` : ''}\n`)
      if (flags.verbose) for (const r of ignored) process.stderr.write(`ignored: ${refString(r.ref)} (${sourceString(r.source)}): ${mesh} does not read this kind\n`)
    }
    if (hasErrors(diagnostics)) this.exit(EXIT.badInput)
  }
}
