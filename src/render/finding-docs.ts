import {existsSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

/** The package root: the nearest directory above this module with package.json (src/ in tests, dist/src/ installed). */
const ROOT = (() => {
  let dir = new URL('./', import.meta.url)
  while (!existsSync(new URL('package.json', dir)) && dir.pathname !== '/') dir = new URL('../', dir)
  return dir
})()
const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as {version: string; homepage?: string}

export const TOOL_VERSION = pkg.version

/**
 * The documentation page of a finding code, docs/findings/CODE.md: on the project's site when package.json
 * names a homepage, else the page shipped in the installed package (a file: URL an editor opens).
 */
export function findingDocUri(code: string): string {
  if (pkg.homepage) return `${pkg.homepage.replace(/\/$/, '')}/blob/main/docs/findings/${code}.md`
  return new URL(`docs/findings/${code}.md`, ROOT).href
}

/** The page's text (shown by code-scanning UIs as the rule's help), or undefined when the code has none. */
export function findingDoc(code: string): string | undefined {
  const file = fileURLToPath(new URL(`docs/findings/${code}.md`, ROOT))
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined
}
