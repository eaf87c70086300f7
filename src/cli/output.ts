import {Flags} from '@oclif/core'
import {stringify} from 'yaml'
import {jsonpath, JsonPathError, parseTemplate} from '../render/jsonpath.js'
import {fitToWidth, outputWidth} from '../render/width.js'
import {InputError} from './exit.js'
import {didYouMean} from './suggest.js'

/** What one command can print: the document behind json, yaml and jsonpath, its text, and its names. */
export interface Output {
  data: unknown
  /** Text for a terminal `width` columns wide; `wide` adds the columns `-o wide` promises. */
  text(width: number, wide: boolean): string
  /** `-o name`: one line per object (or client, rule, step) the output is about. */
  names(): string[]
  /** Formats of this command alone (markdown, sarif, junit, mermaid, dot, command), or its own form of a shared one. */
  other?: Record<string, () => string>
  /** The text is already laid out for machines or a single line (--short, YAML): do not wrap it. */
  asIs?: boolean
}

const JSONPATH = 'jsonpath='

/**
 * `-o` as every command has it: text, json, yaml, name and jsonpath=TEMPLATE (kubectl's dialect), plus `wide`
 * where text shows tables and the command's own report formats. The first of `formats` is the default.
 */
export function outputFlag(opts: {formats?: string[]; wide?: boolean; default?: string} = {}) {
  const formats = [...new Set([opts.default ?? 'text', 'text', 'json', 'yaml', ...(opts.wide ? ['wide'] : []), 'name', ...(opts.formats ?? [])])]
  return Flags.string({
    char: 'o',
    summary: `Output format: ${formats.join('|')}|jsonpath=TEMPLATE (kubectl's JSONPath, e.g. jsonpath='{.verdict}').`,
    helpValue: [...formats, `${JSONPATH}TEMPLATE`].join('|'),
    default: opts.default ?? 'text',
    async parse(input) {
      if (input.startsWith(JSONPATH)) {
        try {
          parseTemplate(input.slice(JSONPATH.length))
        } catch (e) {
          if (e instanceof JsonPathError) throw new InputError([`-o ${input}: ${e.message}`])
          throw e
        }
        return input
      }
      if (formats.includes(input)) return input
      const hint = input.includes('=') ? didYouMean(input.slice(0, input.indexOf('=') + 1), [JSONPATH]) : didYouMean(input, [...formats, 'jsonpath'])
      throw new InputError([`-o "${input}" is not an output format here${hint ? `; ${hint}` : ''} (one of ${formats.join(', ')}, jsonpath=TEMPLATE)`])
    },
  })
}

/** The output in the chosen format; text wraps to COLUMNS, the terminal, or 80 columns. */
export function formatOutput(format: string, output: Output): string {
  if (format.startsWith(JSONPATH)) return jsonpath(format.slice(JSONPATH.length), output.data)
  const other = output.other?.[format]
  if (other) return other()
  if (format === 'json') return JSON.stringify(output.data, null, 2) + '\n'
  if (format === 'yaml') return stringify(output.data)
  if (format === 'name')
    return output
      .names()
      .map((n) => n + '\n')
      .join('')
  const width = outputWidth()
  const text = output.text(width, format === 'wide')
  return output.asIs ? text : fitToWidth(text, width)
}
