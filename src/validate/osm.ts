import {EGRESS_API_VERSION, HTTP_ROUTE_GROUP_API_VERSION, MESH_CONFIG_GROUP, UPSTREAM_TRAFFIC_SETTING_API_VERSION} from '../../sim/compile/osm/api.js'
import {sidecarDisabledMtls} from '../../sim/compile/osm/meshconfig.js'
import {meshMembership} from '../../sim/compile/osm/namespaces.js'
import {envoyRejections} from '../../sim/compile/osm/envoy-conflicts.js'
import {pipyDestinationFacts} from '../../sim/compile/osm/pipy-conflicts.js'
import {egressesBySource, type Identity} from '../../sim/compile/osm/policies.js'
import {apiGroup} from '../../sim/compile/select.js'
import type {Diagnostic} from '../model/diagnostic.js'
import type {EgressSpec, HTTPRouteGroupSpec, MeshConfigSpec} from '../model/osm.js'
import type {Resource} from '../model/resource.js'
import type {ModelSet} from '../model/set.js'
import {namedClients, sourceKeys} from './osm/clients.js'
import {conflictWarnings} from './osm/conflicts.js'
import {deprecatedVersion} from './deprecated-versions.js'
import {diagnosticAt} from './diagnostic-at.js'
import {egressWarnings} from './osm/egress-warnings.js'
import {meshConfigWarnings} from './osm/meshconfig-warnings.js'
import {pipyWarnings} from './osm/pipy-warnings.js'
import {routeGroupWarnings} from './osm/routegroup-warnings.js'
import {NO_REUSE, type Reuse} from './reuse.js'
import {type Schema, checkSchema} from './schema.js'
import {EGRESS_SPEC, HTTP_ROUTE_GROUP_SPEC, MESH_CONFIG_SPEC, MESH_CONFIG_V1ALPHA1_SPEC, UPSTREAM_TRAFFIC_SETTING_SPEC} from './osm/schemas.js'
import {egressWebhook} from './osm/webhook.js'

interface Kind {
  kind: string
  group: string
  /** The versions the CRD serves; anything else is "no matches for kind". */
  served: string[]
  spec: Schema
  /** A served version whose schema differs from `spec`'s. */
  specOf?: Record<string, Schema>
}

const KINDS: Kind[] = [
  {kind: 'Egress', group: apiGroup(EGRESS_API_VERSION), served: [EGRESS_API_VERSION], spec: EGRESS_SPEC},
  {kind: 'HTTPRouteGroup', group: apiGroup(HTTP_ROUTE_GROUP_API_VERSION), served: [HTTP_ROUTE_GROUP_API_VERSION], spec: HTTP_ROUTE_GROUP_SPEC},
  {kind: 'UpstreamTrafficSetting', group: apiGroup(UPSTREAM_TRAFFIC_SETTING_API_VERSION), served: [UPSTREAM_TRAFFIC_SETTING_API_VERSION], spec: UPSTREAM_TRAFFIC_SETTING_SPEC},
  // v1alpha1 is still served (deprecated: deprecated-versions.ts); the egress fields checked here are the same in both.
  {
    kind: 'MeshConfig',
    group: MESH_CONFIG_GROUP,
    served: [`${MESH_CONFIG_GROUP}/v1alpha2`, `${MESH_CONFIG_GROUP}/v1alpha1`],
    spec: MESH_CONFIG_SPEC,
    specOf: {[`${MESH_CONFIG_GROUP}/v1alpha1`]: MESH_CONFIG_V1ALPHA1_SPEC},
  },
]

type OsmMesh = 'osm' | 'osm-edge'
const FLAVOURS: OsmMesh[] = ['osm', 'osm-edge']

/**
 * OSM's findings and osm-edge's, each tagged with the mesh it concerns when the two differ (the API is the
 * same; the sidecars are not): a trace or an explanation shows only its own mesh's. For `only` one of the
 * two, the other's sidecar checks are left out: their findings (codes of their own) concern only the other
 * mesh, so they neither show for `only` nor change the tags of what does.
 */
export function validateOsmFlavours(set: ModelSet, reuse: Reuse = NO_REUSE, only?: string): Diagnostic[] {
  const stored = storedByOsm(set, reuse)
  const sidecars = (mesh: OsmMesh) => only === undefined || only === mesh || !FLAVOURS.includes(only as OsmMesh)
  const found = FLAVOURS.map((mesh) => ({mesh, diagnostics: meshDiagnostics(stored, mesh, reuse, sidecars(mesh))}))
  const key = (d: Diagnostic) => JSON.stringify([d.code, d.severity, d.field, d.message, d.source.file, d.source.line, d.source.column, d.hint])
  const byKey = new Map<string, {d: Diagnostic; meshes: OsmMesh[]}>()
  for (const {mesh, diagnostics} of found) {
    for (const d of diagnostics) {
      const entry = byKey.get(key(d))
      if (entry) entry.meshes.push(mesh)
      else byKey.set(key(d), {d, meshes: [mesh]})
    }
  }
  return [...byKey.values()].map(({d, meshes}) => (meshes.length === FLAVOURS.length ? d : {...d, meshes}))
}

/**
 * Errors: what the API server (CRD structural schema) or OSM's admission webhook would reject.
 * Warnings: what the mesh accepts but ignores, or what breaks the proxy config (osm.md §1, §2.6, §8).
 *
 * @example
 * validateOsm(set).filter((d) => d.severity === 'error').map(formatDiagnostic)
 * // ['egress.yaml:12: Egress/curl/httpbin-80: spec.ports[0].number: Invalid value: 0: …']
 */
export function validateOsm(set: ModelSet, opts: {mesh: OsmMesh; reuse?: Reuse} = {mesh: 'osm'}): Diagnostic[] {
  const reuse = opts.reuse ?? NO_REUSE
  return meshDiagnostics(storedByOsm(set, reuse), opts.mesh, reuse)
}

/** What both meshes start from: the objects the API server stores, and the Egress objects OSM watches. */
interface Stored {
  /** The API server's errors, then a warning for each Egress OSM does not watch, in input order. */
  diagnostics: Diagnostic[]
  accepted: ModelSet
  /** The Egress objects OSM watches, in input order. */
  live: Resource<EgressSpec>[]
  /** The clients they name (osm/clients.ts). */
  clients: string[]
}

/** What the API server and OSM's namespace watch make of one object: it reads the object and its namespace. */
interface Admission {
  errors: Diagnostic[]
  /** The API server's warning for a deprecated version (deprecated-versions.ts), stored or not. */
  deprecated: Diagnostic[]
  /** A stored Egress: the warning that OSM does not watch it, or the clients its sources name. */
  egress: {unwatched: Diagnostic} | {sources: string[]} | null
}

function storedByOsm(set: ModelSet, reuse: Reuse): Stored {
  const admissions = set.resources.map((r) => reuse.perObject('osm:admission', r, () => admission(set, r)))
  const errors: Diagnostic[] = []
  const warnings: Diagnostic[] = []
  const unwatched: Diagnostic[] = []
  const live: Resource<EgressSpec>[] = []
  const sources: string[][] = []
  admissions.forEach(({errors: own, deprecated, egress}, i) => {
    errors.push(...own)
    warnings.push(...deprecated)
    if (!egress) return
    if ('unwatched' in egress) unwatched.push(egress.unwatched)
    else {
      live.push(set.resources[i] as Resource<EgressSpec>)
      sources.push(egress.sources)
    }
  })
  const accepted = errors.length > 0 ? {resources: set.resources.filter((_, i) => admissions[i].errors.length === 0)} : set
  return {diagnostics: [...errors, ...warnings, ...unwatched], accepted, live, clients: namedClients(sources)}
}

function admission(set: ModelSet, r: Resource): Admission {
  const errors = apiServerErrors(set, r)
  const deprecated = deprecatedVersion(r, 'OSM')
  if (errors.length > 0 || r.kind !== 'Egress' || r.apiVersion !== EGRESS_API_VERSION) return {errors, deprecated, egress: null}
  const egress = r as Resource<EgressSpec>
  if (meshMembership(set, egress.metadata.namespace, []).monitored) return {errors, deprecated, egress: {sources: sourceKeys(egress)}}
  const message = `namespace ${egress.metadata.namespace} is not in the mesh (no openservicemesh.io/monitored-by label): OSM ignores this Egress`
  return {errors, deprecated, egress: {unwatched: diagnosticAt(egress, ['metadata', 'namespace'], 'OSM_NAMESPACE_NOT_MONITORED', 'warning', message)}}
}

/** One mesh's findings about what the API server stored; its sidecar's conflicts only if `sidecars`. */
function meshDiagnostics({diagnostics, accepted, live, clients}: Stored, mesh: OsmMesh, reuse: Reuse, sidecars = true): Diagnostic[] {
  const out = [...diagnostics]
  const meshMtls = mesh === 'osm-edge' && !sidecarDisabledMtls(accepted).value
  for (const egress of live) out.push(...reuse.perObject(`${mesh}:egress`, egress, () => egressWarnings(accepted, egress, mesh, meshMtls)))
  for (const r of accepted.resources) {
    if (r.kind === 'HTTPRouteGroup' && r.apiVersion === HTTP_ROUTE_GROUP_API_VERSION) {
      out.push(...reuse.perObject(`${mesh}:route-group`, r, () => routeGroupWarnings(r as Resource<HTTPRouteGroupSpec>, mesh)))
    }
    if (r.kind === 'MeshConfig' && apiGroup(r.apiVersion) === MESH_CONFIG_GROUP) out.push(...meshConfigWarnings(r as Resource<MeshConfigSpec>, live.length, mesh))
  }
  if (!sidecars) return out
  // Envoy NACKs conflicting config; Pipy takes it all and merges (pipy-destinations.ts).
  // Per client: what its sidecar makes of the Egress objects naming it (policies.ts egressesFor).
  const naming = (identity: Identity) => egressesBySource(accepted).get(`${identity.namespace}/${identity.serviceAccount}`) ?? []
  const perClient = <T>(name: string, identity: Identity, compute: () => T) => reuse.perClient(name, `${identity.namespace}/${identity.serviceAccount}`, naming(identity), compute)
  out.push(
    ...(mesh === 'osm'
      ? conflictWarnings(accepted, clients, (s, settings, identity) => perClient('osm:rejections', identity, () => envoyRejections(s, settings, identity)))
      : pipyWarnings(accepted, clients, (s, settings, identity) => perClient('osm-edge:facts', identity, () => pipyDestinationFacts(s, settings, identity)))),
  )
  return out
}

/** Schema errors first; the webhook only sees objects the schema accepted, and only in monitored namespaces. */
function apiServerErrors(set: ModelSet, r: Resource): Diagnostic[] {
  const kind = KINDS.find((k) => k.kind === r.kind && k.group === apiGroup(r.apiVersion))
  if (!kind) return []
  if (!kind.served.includes(r.apiVersion)) {
    return [diagnosticAt(r, ['apiVersion'], 'OSM_VERSION_NOT_SERVED', 'error', `no matches for kind "${r.kind}" in version "${r.apiVersion}"`, `use ${kind.served[0]}`)]
  }
  const schemaErrors = checkSchema(r.raw.spec, kind.specOf?.[r.apiVersion] ?? kind.spec, ['spec']).map((v) =>
    diagnosticAt(r, v.at, `OSM_CRD_${v.rule.toUpperCase()}`, 'error', v.message),
  )
  if (schemaErrors.length > 0 || r.kind !== 'Egress') return schemaErrors
  if (!meshMembership(set, r.metadata.namespace, []).monitored) return []
  const denied = egressWebhook(r as Resource<EgressSpec>)
  return denied ? [denied] : []
}
