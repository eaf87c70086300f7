import {readdir, readFile, stat} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'
import {loadFiles} from '../load/files.js'
import type {Diagnostic} from '../model/diagnostic.js'
import {parseScenario} from './parse-scenario.js'
import type {Scenario} from './types.js'

const SCENARIO = /\.ya?ml$/i

/**
 * Scenario files from FILE_OR_DIR arguments. A directory contributes its own *.yaml|*.yml files, sorted,
 * not its subdirectories: those usually hold the policies that scenarios name under `files:`.
 */
export async function scenarioFiles(paths: readonly string[]): Promise<{files: string[]; diagnostics: Diagnostic[]}> {
  const files: string[] = []
  const diagnostics: Diagnostic[] = []
  for (const p of paths) {
    const st = await stat(p).catch(() => null)
    if (!st) diagnostics.push(fileProblem(p, 'FILE_NOT_FOUND', 'no such file or directory'))
    else if (!st.isDirectory()) files.push(p)
    else {
      const entries = (await readdir(p, {withFileTypes: true})).filter((e) => e.isFile() && SCENARIO.test(e.name)).map((e) => e.name)
      if (entries.length === 0) diagnostics.push(fileProblem(p, 'NO_SCENARIOS', 'no *.yaml scenario files in this directory'))
      files.push(...entries.sort().map((name) => join(p, name)))
    }
  }
  return {files, diagnostics}
}

/** One scenario with its `files:` loaded (paths relative to the scenario file), or every problem found. */
export async function readScenario(file: string): Promise<{scenario: Scenario | null; diagnostics: Diagnostic[]}> {
  const text = await readFile(file, 'utf8').catch((e: Error) => e)
  if (text instanceof Error) return {scenario: null, diagnostics: [fileProblem(file, 'FILE_UNREADABLE', text.message)]}
  const parsed = parseScenario(text, file)
  if (!parsed.scenario) return {scenario: null, diagnostics: parsed.diagnostics}
  const diagnostics: Diagnostic[] = []
  const resources = [...parsed.scenario.resources]
  for (const entry of parsed.files) {
    const full = resolve(dirname(file), entry.path)
    const loaded = await loadFiles([full])
    const missing = loaded.diagnostics.find((d) => d.code === 'FILE_NOT_FOUND')
    if (missing)
      diagnostics.push({...fileProblem(file, 'SCENARIO_FILES', `files: ${entry.path}: no such file or directory`), source: {file, line: entry.line, column: 1, path: '/files'}})
    else diagnostics.push(...loaded.diagnostics.filter((d) => d.severity === 'error'))
    resources.push(...loaded.set.resources)
  }
  return diagnostics.length > 0 ? {scenario: null, diagnostics} : {scenario: {...parsed.scenario, resources}, diagnostics}
}

function fileProblem(file: string, code: string, message: string): Diagnostic {
  return {code, severity: 'error', field: '', message, source: {file, line: 0, column: 0, path: ''}}
}
