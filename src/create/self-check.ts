import {parseResources} from '../load/parse.js'
import type {Diagnostic} from '../model/diagnostic.js'
import {validate} from '../validate/index.js'
import type {Manifest} from './osm.js'
import {printManifests} from './print.js'

/** Which flag wrote a field of the created objects, so a rejection is told in the terms the user typed. */
const FLAG_OF: Array<[RegExp, string]> = [
  [/^metadata\.name$/, 'NAME'],
  [/^metadata\.namespace$/, '-n'],
  [/(^|\.)exportTo/, '--export-to'],
  [/(^|\.)sources/, '--from'],
  [/(^|\.)(methods|method)(\[|\.|$)/, '--method'],
  [/(^|\.)(pathRegex|uri|path|paths)(\[|\.|$)/, '--path'],
  [/(^|\.)headers(\[|\.|$)/, '--header'],
  [/(^|\.)(timeout|timeouts\.request)$/, '--timeout'],
  [/(^|\.)(addresses|ipAddresses|ipBlock|cidr)(\[|\.|$)/, '--ip'],
  [/(^|\.)(hosts|host|hostname|hostnames|sniHosts|sni)(\[|\.|$)/, '--host'],
  [/(^|\.)(ports|port|number|protocol|targetPort)(\[|\.|$)/, '--port'],
]

/**
 * The objects create is about to print, checked by `validate` as `kubectl egress validate -f -` would check
 * them: create never prints what validate rejects (issue 10). Each rejection becomes one line naming the flag.
 */
export function rejectedFlags(manifests: Manifest[]): string[] {
  const parsed = parseResources(printManifests(manifests, 'yaml'), 'create')
  const diagnostics = [...parsed.diagnostics, ...validate({resources: parsed.resources})]
  // One line per rejected field, however many rules it breaks.
  const first = new Map<string, Diagnostic>()
  for (const d of diagnostics) if (d.severity === 'error' && !first.has(`${d.object?.kind}/${d.field}`)) first.set(`${d.object?.kind}/${d.field}`, d)
  return [...first.values()].map(inFlagTerms)
}

function inFlagTerms(d: Diagnostic): string {
  const flag = FLAG_OF.find(([re]) => re.test(d.field))?.[1]
  const message = d.message.replace(/"([^"]{60,})"/g, (_, long: string) => `"${long.slice(0, 40)}…" (${long.length} characters)`)
  return flag ? `${flag}: ${d.object?.kind ?? 'object'} ${d.field}: ${message}` : `${d.object?.kind ?? 'object'} ${d.field}: ${message}`
}
