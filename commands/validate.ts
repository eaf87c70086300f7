import {EgressCommand} from '../src/cli/base.js'
import {EXIT} from '../src/cli/exit.js'
import {filenameFlag, istioVersionFlag, meshFlag, verboseFlag} from '../src/cli/flags.js'
import {detectMesh} from '../src/detect-mesh.js'
import {refString, sourceString} from '../src/model/source.js'
import {ignoredObjects, ignoredSummary} from '../src/understood-kinds.js'
import type {MeshName} from '../sim/compile/index.js'
import type {ModelSet} from '../src/model/set.js'
import {formatOutput, outputFlag} from '../src/cli/output.js'
import {type Diagnostic, forMesh, formatDiagnostic, formatRelated, hasErrors} from '../src/model/diagnostic.js'
import {readInput} from '../src/pipeline.js'
import {objectName} from '../src/render/object-name.js'

export default class Validate extends EgressCommand {
  static override summary = 'Check resources as the API server and the mesh would, and warn about what they accept but ignore.'
  static override description =
    `Every problem is one line FILE:LINE: KIND/NS/NAME: field: problem  [CODE]; docs/findings/CODE.md explains each code. -o name lists the objects that have a problem. With --mesh (or the mesh the files are detected for), objects that mesh does not read are counted; -v lists them and adds the findings only compiling and tracing show (explain's: policies nothing enforces, capture bypassing a policy), each with the setting that defeats it.
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
    // -v adds what compiling and tracing finds (explain's findings); loaded only then, validation stays light.
    const compiled = flags.verbose && mesh ? await compiledFor(input.set, input.diagnostics, mesh) : []
    const asJson = (d: Diagnostic) => ({
      code: d.code,
      severity: d.severity,
      object: d.object ?? null,
      field: d.field,
      message: d.message,
      file: d.source.file,
      line: d.source.line,
      column: d.source.column,
      hint: d.hint,
      ...(d.related ? {related: {file: d.related.source.file, line: d.related.source.line, object: d.related.object, field: d.related.field}} : {}),
    })
    const json = diagnostics.map(asJson)
    this.write(
      formatOutput(flags.output, {
        data: {
          objects: set.resources.length,
          diagnostics: json,
          ...(flags.verbose ? {findings: compiled.map(asJson)} : {}),
          ...(mesh ? {mesh, ignored: ignored.map((r) => ({...r.ref, file: r.source.file, line: r.source.line}))} : {}),
        },
        text: () => [...diagnostics, ...compiled].map((d) => `${formatDiagnostic(d)}  [${d.code}]${formatRelated(d) ? `  (set by ${formatRelated(d)})` : ''}\n`).join(''),
        // FILE:LINE lines are read by editors and CI annotators: one per problem, never wrapped.
        asIs: true,
        names: () => [
          ...new Set(
            diagnostics.flatMap((d) =>
              d.object ? [objectName(d.object.kind, d.object.name, set.resources.find((r) => r.kind === d.object!.kind && r.metadata.name === d.object!.name)?.apiVersion)] : [],
            ),
          ),
        ],
      }),
    )
    if (flags.output === 'text') {
      const errors = diagnostics.filter((d) => d.severity === 'error').length
      const notRead = mesh ? ignoredSummary(ignored, mesh) : undefined
      const found = flags.verbose && mesh ? `; ${compiled.length} findings from compiling and tracing` : ''
      process.stderr.write(`${set.resources.length} objects: ${errors} rejected, ${diagnostics.length - errors} warnings${found}${notRead ? `; ${notRead}` : ''}\n`)
      if (flags.verbose) for (const r of ignored) process.stderr.write(`ignored: ${refString(r.ref)} (${sourceString(r.source)}): ${mesh} does not read this kind\n`)
    }
    if (hasErrors(diagnostics)) this.exit(EXIT.badInput)
  }
}

async function compiledFor(set: ModelSet, diagnostics: readonly Diagnostic[], mesh: MeshName): Promise<Diagnostic[]> {
  const [{compiledFindings}, {accepted}] = await Promise.all([import('../src/explain/index.js'), import('../src/validate/index.js')])
  return compiledFindings(accepted(set, diagnostics), diagnostics, {mesh})
}
