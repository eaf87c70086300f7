import {EgressCommand} from '../src/cli/base.js'
import {EXIT} from '../src/cli/exit.js'
import {filenameFlag, istioVersionFlag, outputFlag} from '../src/cli/flags.js'
import {detectMesh} from '../src/detect-mesh.js'
import {forMesh, formatDiagnostic, hasErrors} from '../src/model/diagnostic.js'
import {readInput} from '../src/pipeline.js'

export default class Validate extends EgressCommand {
  static override summary = 'Check resources as the API server and the mesh would, and warn about what they accept but ignore.'
  static override description = 'Every problem is one line FILE:LINE: KIND/NS/NAME: field: problem. Exit status: 0 when nothing would be rejected (warnings allowed), 2 when something would be.'
  static override examples = [
    'kubectl egress validate -f examples/osm',
    'kubectl egress validate -f policies/ -f mesh-config.yaml',
    'cat egress.yaml | kubectl egress validate -f - -o json',
  ]
  static override flags = {filename: filenameFlag, output: outputFlag(['text', 'json']), 'istio-version': istioVersionFlag}

  async run(): Promise<void> {
    const {flags} = await this.parse(Validate)
    const input = await readInput(flags.filename ?? [], undefined, flags['istio-version'])
    const {set} = input
    // Findings that differ between OSM and osm-edge are shown for the mesh the files are for.
    const detected = detectMesh(set)
    const diagnostics = 'mesh' in detected ? forMesh(input.diagnostics, detected.mesh) : input.diagnostics
    if (flags.output === 'json') {
      const json = diagnostics.map((d) => ({code: d.code, severity: d.severity, object: d.object ?? null, field: d.field, message: d.message, file: d.source.file, line: d.source.line, column: d.source.column, hint: d.hint}))
      this.write(JSON.stringify({objects: set.resources.length, diagnostics: json}, null, 2) + '\n')
    } else {
      for (const d of diagnostics) this.write(formatDiagnostic(d) + '\n')
      const errors = diagnostics.filter((d) => d.severity === 'error').length
      process.stderr.write(`${set.resources.length} objects: ${errors} rejected, ${diagnostics.length - errors} warnings\n`)
    }
    if (hasErrors(diagnostics)) this.exit(EXIT.badInput)
  }
}
