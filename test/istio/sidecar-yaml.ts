/**
 * Load, trace and explain for the Sidecar scoping tests, which write their input as YAML next to the Istio
 * example and read outcomes back as the lines of that text.
 */
import {expect} from 'vitest'
import {compile} from '../../sim/compile/index.js'
import {requestFrom} from '../../sim/request/index.js'
import {trace} from '../../sim/trace/index.js'
import type {Trace} from '../../sim/trace/types.js'
import {explain} from '../../src/explain/index.js'
import {parseResources} from '../../src/load/parse.js'
import type {Origin} from '../../src/model/source.js'
import {accepted, validate} from '../../src/validate/index.js'

/** The written line (or kind) an origin points at; undefined for a default. */
export const lineAt = (o: Origin | null | undefined) => (o?.from === 'resource' ? o.source.line : undefined)
export const kindAt = (o: Origin | null | undefined) => (o?.from === 'resource' ? o.ref.kind : undefined)
/** The 1-based line of the first line holding `part`, from 0-based line `from` on. */
export const lineOf = (text: string, part: string, from = 0) => text.split('\n').findIndex((l, i) => i >= from && l.includes(part)) + 1

/** Parsed and validated without errors, the rejected objects left out. */
export function load(input: string) {
  const parsed = parseResources(input, 'input.yaml')
  expect(parsed.diagnostics).toEqual([])
  const set = {resources: parsed.resources}
  const diagnostics = validate(set)
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return {set: accepted(set, diagnostics), diagnostics}
}

/** The request traced from default/sleep. */
export function traceFromSleep(input: string, request: string): {trace: Trace; assumptions: string[]} {
  const parsed = requestFrom(request)
  if (!parsed.ok) throw new Error(parsed.error.message)
  const table = compile(load(input).set, {mesh: 'istio', namespace: 'default', serviceAccount: 'sleep'})
  return {trace: trace(table, parsed.value), assumptions: table.assumptions.map((a) => a.code)}
}

/** The lines of the settings the NOT_VISIBLE near misses of a trace cite. */
export const notVisibleSetBy = (t: Trace) => t.nearMisses.filter((m) => m.hint?.code === 'NOT_VISIBLE').map((m) => lineAt(m.setBy))

/** explain's ISTIO_SE_NOT_VISIBLE findings as "LINE set by LINE". */
export function notVisibleFindings(input: string): string[] {
  const {set, diagnostics} = load(input)
  return explain(set, diagnostics, {mesh: 'istio'})
    .findings.filter((f) => f.code === 'ISTIO_SE_NOT_VISIBLE')
    .map((f) => `${f.source.line} set by ${f.related?.source.line}`)
}

/** The edition.cnn.com ServiceEntry of Istio's egress tasks (DNS, HTTP on port 80), in namespace default. */
export const cnnServiceEntry = `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: cnn, namespace: default}
spec:
  hosts: [edition.cnn.com]
  ports:
  - {number: 80, name: http, protocol: HTTP}
  resolution: DNS
`
