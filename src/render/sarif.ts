import {findingDoc, findingDocUri, TOOL_VERSION} from './finding-docs.js'

/** One reportable result: a finding, a failed expectation or a reachability change, at a file and line. */
export interface SarifResult {
  code: string
  level: 'error' | 'warning' | 'note'
  message: string
  file: string
  line: number
  column?: number
  /** The other place the result comes from (the setting that defeats a policy): a SARIF relatedLocation. */
  related?: {file: string; line: number; column?: number; message: string}
}

/**
 * A SARIF 2.1.0 log (OASIS sarif-schema-2.1.0.json) for code scanning: one run of kubectl-egress, one rule per
 * finding code with its documentation page as help, one result per finding at its file:line.
 */
export function toSarif(results: readonly SarifResult[]): Record<string, unknown> {
  const codes = [...new Set(results.map((r) => r.code))].sort()
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubectl-egress',
            version: TOOL_VERSION,
            rules: codes.map((code) => {
              const doc = findingDoc(code)
              return {
                id: code,
                helpUri: findingDocUri(code),
                shortDescription: {text: doc ? firstSentence(doc) : code},
                ...(doc ? {help: {text: doc, markdown: doc}} : {}),
              }
            }),
          },
        },
        results: results.map((r) => ({
          ruleId: r.code,
          ruleIndex: codes.indexOf(r.code),
          level: r.level,
          message: {text: r.message},
          locations: [{physicalLocation: region(r)}],
          ...(r.related ? {relatedLocations: [{id: 0, message: {text: r.related.message}, physicalLocation: region(r.related)}]} : {}),
        })),
      },
    ],
  }
}

function region(at: {file: string; line: number; column?: number}): Record<string, unknown> {
  // SARIF regions are 1-based; a whole-file problem (line 0) points at line 1.
  return {artifactLocation: {uri: artifactUri(at.file)}, region: {startLine: Math.max(1, at.line), ...(at.column ? {startColumn: at.column} : {})}}
}

/** Relative paths stay relative (code scanning resolves them against the checkout); stdin and cluster objects are named as such. */
function artifactUri(file: string): string {
  return file
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/')
}

/** The page's first paragraph after its title: the code's one-line meaning. */
function firstSentence(doc: string): string {
  const para = doc.split('\n\n').find((p) => p.trim() && !p.startsWith('#') && !p.startsWith('|') && !p.startsWith('**')) ?? doc
  return para.replace(/\s+/g, ' ').trim()
}
