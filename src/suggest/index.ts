import {createManifests, type Manifest} from '../create/index.js'
import {printManifests} from '../create/print.js'
import type {CreateMesh} from '../create/spec.js'
import type {ModelSet} from '../model/set.js'
import type {Observed} from '../replay/collect.js'
import {replay, type ReplayedFlow, type ReplayOptions} from '../replay/replay.js'
import {inMesh} from './in-mesh.js'
import {prove, type Proof} from './prove.js'
import {suggestions} from './specs.js'

export interface SuggestResult {
  manifests: Manifest[]
  /** The flows the manifests are for; the rest were already allowed, in-mesh, or not replayable. */
  wanted: ReplayedFlow[]
  /** Denied by a route of EXISTING for their host: only changing that route can allow them. */
  routedElsewhere: ReplayedFlow[]
  inMesh: ReplayedFlow[]
  unreplayable: ReplayedFlow[]
  proof: Proof
}

/**
 * The least policy that, added to `existing`, allows the observed external flows it denies: replay against
 * `existing`, turn each denied external flow into a `create` request (grouped, see specs.ts), and prove the
 * result (prove.ts) before anyone sees it.
 */
export function suggest(existing: ModelSet, observed: readonly Observed[], opts: ReplayOptions & {mesh: CreateMesh; paths: boolean; istioVersion?: string}): SuggestResult {
  const before = replay(existing, observed, opts)
  const denied = before.filter((f) => f.flow && f.verdict === 'deny' && !inMesh(existing, f.flow))
  // A host EXISTING already routes on the port cannot be routed again: OSM's route config rejects the
  // duplicate domain, Istio merges no second VirtualService for it (osm.md §2; istio.md §4).
  const routed = (f: ReplayedFlow) => f.trace?.outcome.because.code === 'NO_ROUTE'
  const external = denied.filter((f) => !routed(f))
  const manifests = suggestions(
    external.map((f) => ({from: f.from, flow: f.flow!})),
    opts.mesh,
    opts.paths,
  ).flatMap((s) => createManifests(s.spec).map((m) => exported(m, opts.mesh)))
  const proof = manifests.length === 0 ? {problems: [], flows: before.length, neighbours: 0} : prove(existing, printManifests(manifests, 'yaml'), observed, before, external, opts)
  return {
    manifests,
    wanted: external,
    routedElsewhere: denied.filter(routed),
    inMesh: before.filter((f) => f.flow && f.verdict === 'deny' && inMesh(existing, f.flow)),
    unreplayable: before.filter((f) => f.verdict === 'unsupported'),
    proof,
  }
}

/** Istio objects are visible to every namespace by default (istio.md exportTo): keep them to the client's. */
function exported(m: Manifest, mesh: CreateMesh): Manifest {
  if (mesh !== 'istio' || (m.kind !== 'ServiceEntry' && m.kind !== 'VirtualService')) return m
  return {...m, spec: {...(m.spec as Manifest), exportTo: ['.']}}
}
