import {compile, type MeshName} from '../../sim/compile/index.js'
import type {IstioVersion} from '../../sim/compile/istio/version.js'
import type {MeshTable} from '../../sim/rules/types.js'
import {type Diagnostic, forMesh} from '../model/diagnostic.js'
import type {ModelSet} from '../model/set.js'
import {confirm} from './confirm.js'
import {destinationsOf} from './destinations.js'
import {ambientFindings} from './findings-ambient.js'
import {dedupe} from './finding.js'
import {captureBypassed} from './findings-capture.js'
import {noSidecar} from './findings-enforcement.js'
import {bypassable} from './findings-istio.js'
import {gatewaysWithoutWorkload, serviceEntriesSeenByNone} from './findings-never-match.js'
import {ipHostsOnHttps, missingSources, undeclaredServerFirst} from './findings-osm.js'
import {withFix} from './fixes.js'
import {clientIdentities} from '../client-identities.js'
import {otherwise} from './otherwise.js'
import type {ClientExplanation, Explanation} from './types.js'

export type {ClientExplanation, Explanation, Sentence, Traffic} from './types.js'

export interface ExplainOptions {
  mesh: MeshName
  /** Explain only this identity; otherwise every identity the input names. */
  from?: {namespace: string; serviceAccount: string}
  osmVersion?: '1.2' | 'main'
  istioVersion?: IstioVersion
}

/**
 * Says per client identity what the policies let it reach and what happens to everything else, each
 * statement confirmed by a trace, and lists the findings: the validation diagnostics (with how to fix
 * them) plus what only the compiled tables or several objects together show.
 *
 * @example
 * explain(accepted, diagnostics, {mesh: 'osm'}).clients[0].reaches[0].what // {protocol: 'https', host: 'httpbin.org', port: 443, …}
 */
export function explain(set: ModelSet, diagnostics: readonly Diagnostic[], opts: ExplainOptions): Explanation {
  const ids = opts.from ? [`${opts.from.namespace}/${opts.from.serviceAccount}`] : clientIdentities([set], opts.mesh)
  const own = setFindings(set, opts.mesh)
  const tables: MeshTable[] = []
  const clients = ids.map((id) => {
    const table = compileFor(set, id, opts)
    const would = wouldTable(set, table, id, opts)
    tables.push(table, ...(would ? [would] : []))
    const client = explainClient(table, would)
    own.push(...clientFindings(table, would, () => client))
    return client
  })
  if (opts.mesh === 'istio') own.push(...seenByNone(set, ids, tables, opts))
  return {mesh: opts.mesh, clients, findings: dedupe([...forMesh(diagnostics, opts.mesh).map(withFix), ...own])}
}

/**
 * explain(set, diagnostics, opts).findings for the one client `table` was compiled for from `set` (the
 * editor's findings pane, on every keystroke): the table is not compiled again, and the sentences, which
 * only Istio's findings read, are not built for OSM.
 */
export function findingsFor(
  set: ModelSet,
  diagnostics: readonly Diagnostic[],
  table: MeshTable,
  opts: ExplainOptions & {from: {namespace: string; serviceAccount: string}},
): Diagnostic[] {
  const id = `${opts.from.namespace}/${opts.from.serviceAccount}`
  const would = wouldTable(set, table, id, opts)
  const own = [...setFindings(set, opts.mesh), ...clientFindings(table, would, () => explainClient(table, would))]
  if (opts.mesh === 'istio') own.push(...seenByNone(set, [id], [table, ...(would ? [would] : [])], opts))
  return dedupe([...forMesh(diagnostics, opts.mesh).map(withFix), ...own])
}

/** What the objects alone show. An IP as an https host fails on the missing SNI in Envoy; Pipy matches no SNI at all (osm.md §8). */
function setFindings(set: ModelSet, mesh: MeshName): Diagnostic[] {
  return mesh === 'istio' ? [] : [...missingSources(set), ...(mesh === 'osm' ? ipHostsOnHttps(set) : [])]
}

function compileFor(set: ModelSet, id: string, opts: ExplainOptions, assumeSidecar?: true): MeshTable {
  const [namespace, serviceAccount] = id.split('/')
  return compile(set, {mesh: opts.mesh, namespace, serviceAccount, osmVersion: opts.osmVersion, istioVersion: opts.istioVersion, ...(assumeSidecar ? {assumeSidecar} : {})})
}

/** Without a sidecar, the table the pod would get shows which policies nothing enforces. */
function wouldTable(set: ModelSet, table: MeshTable, id: string, opts: ExplainOptions): MeshTable | null {
  return table.client.proxy ? null : compileFor(set, id, opts, true)
}

/** What the client's table shows; `client` (its sentences) is read only by Istio's findings. */
function clientFindings(table: MeshTable, would: MeshTable | null, client: () => ClientExplanation): Diagnostic[] {
  const own: Diagnostic[] = []
  if (table.mesh === 'istio') {
    const {reaches, otherwise} = client()
    own.push(...bypassable(table, reaches), ...ambientFindings(table, otherwise), ...gatewaysWithoutWorkload(table))
  } else own.push(...undeclaredServerFirst(table))
  if (would) own.push(...noSidecar(table, would, destinationsOf(would)))
  else own.push(...captureBypassed(table, destinationsOf(table)))
  return own
}

/** A ServiceEntry is dead only if every client's proxy misses it, not just the ones asked about. */
function seenByNone(set: ModelSet, ids: readonly string[], tables: MeshTable[], opts: ExplainOptions): Diagnostic[] {
  const others = () =>
    (opts.from ? clientIdentities([set], opts.mesh).filter((id) => !ids.includes(id)) : []).flatMap((id) => {
      const table = compileFor(set, id, opts)
      const would = wouldTable(set, table, id, opts)
      return would ? [table, would] : [table]
    })
  return serviceEntriesSeenByNone(tables, others)
}

/**
 * What only compiling and tracing shows, beyond the validation diagnostics (validate -v prints these):
 * explain's findings without the diagnostics it repeats.
 */
export function compiledFindings(set: ModelSet, diagnostics: readonly Diagnostic[], opts: ExplainOptions): Diagnostic[] {
  const validation = new Set(diagnostics.map((d) => `${d.code}@${d.source.file}:${d.source.line}:${d.field}`))
  return explain(set, diagnostics, opts).findings.filter((d) => !validation.has(`${d.code}@${d.source.file}:${d.source.line}:${d.field}`))
}

function explainClient(table: MeshTable, would: MeshTable | null): ClientExplanation {
  const destinations = destinationsOf(table)
  const setting = table.client.injection
  return {
    client: table.client.id,
    proxy: table.client.proxy,
    notEnforced: would && setting ? {setting, wouldApply: destinationsOf(would).map((d) => confirm(would, d.what, d.request, d.rule))} : null,
    notes: [...table.assumptions.map((a) => a.says), ...table.rejections.map((r) => `${r.proxy} rejects ${r.what}: ${r.message}`)],
    reaches: destinations.map((d) => confirm(table, d.what, d.request, d.rule)),
    otherwise: otherwise(table, destinations),
  }
}
