import {explain} from '../../src/explain/index.js'
import type {Explanation} from '../../src/explain/types.js'
import {parseResources} from '../../src/load/parse.js'
import type {ModelSet} from '../../src/model/set.js'
import {accepted, validate} from '../../src/validate/index.js'

/** load → validate → explain, as the command does, on YAML text. */
export function explainText(text: string, mesh: 'osm' | 'osm-edge' | 'istio', file = 'input.yaml', from?: {namespace: string; serviceAccount: string}): Explanation {
  const parsed = parseResources(text, file)
  if (parsed.diagnostics.length > 0) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'))
  const set: ModelSet = {resources: parsed.resources}
  const diagnostics = validate(set)
  return explain(accepted(set, diagnostics), diagnostics, {mesh, ...(from ? {from} : {})})
}

/** 1-based line of the first line containing `marker` ("# <-"). */
export function lineWith(text: string, marker: string): number {
  return text.split('\n').findIndex((l) => l.includes(marker)) + 1
}

/** A ServiceEntry for httpbin.org:443 (TLS) in default, its port line marked "# <-" as the policy line. */
export const SERVICE_ENTRY_TLS = `---
apiVersion: networking.istio.io/v1beta1
kind: ServiceEntry
metadata: {name: httpbin, namespace: default}
spec:
  hosts: [httpbin.org]
  ports:
  - {number: 443, name: tls, protocol: TLS} # <-
  resolution: DNS
`
