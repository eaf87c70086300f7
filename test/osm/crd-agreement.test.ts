/**
 * Our minimal schemas must say what the upstream OSM v1.2.4 CRDs say, constraint by constraint, and walked
 * from the CRD's side every upstream field is either ours or listed below as deliberately not modelled.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {parseAllDocuments} from 'yaml'
import {type CrdSchema, constraints, crdPaths, schemaPairs} from '../helpers/crd-schema.js'
import {EGRESS_SPEC, HTTP_ROUTE_GROUP_SPEC, MESH_CONFIG_SPEC, MESH_CONFIG_V1ALPHA1_SPEC, UPSTREAM_TRAFFIC_SETTING_SPEC} from '../../src/validate/osm/schemas.js'
import {ROOT} from '../helpers/cli.js'

const CRDS = join(ROOT, '..', 'shared', 'crds', 'osm-v1.2.4')

/**
 * Upstream fields (with everything below them) that validation deliberately does not model, per CRD file:
 * none of them changes where an egress request goes, so neither validation nor the simulator reads them,
 * and the API server's own checks on them (e.g. rateLimit unit's enum) are not repeated here.
 */
const NOT_MODELLED: Record<string, string[]> = {
  'policy_egress.yaml': [],
  'smi_http_route_group.yaml': [],
  'policy_upstream_traffic_setting.yaml': [
    // Local rate limits are "enforced directly by the upstream host" (osm v1.2.4
    // pkg/apis/policy/v1alpha1/upstreamtrafficsetting.go, RateLimitSpec.Local): the destination's own
    // inbound sidecar, which an egress destination does not have; a trace is also one request, not a rate.
    // responseStatusCode stays in our schema only for its 400–599 bounds.
    'spec.rateLimit.local.tcp',
    'spec.rateLimit.local.http.requests',
    'spec.rateLimit.local.http.unit',
    'spec.rateLimit.local.http.burst',
    'spec.rateLimit.local.http.responseHeadersToAdd',
    'spec.httpRoutes[].path',
    'spec.httpRoutes[].rateLimit.local.requests',
    'spec.httpRoutes[].rateLimit.local.unit',
    'spec.httpRoutes[].rateLimit.local.burst',
    'spec.httpRoutes[].rateLimit.local.responseHeadersToAdd',
  ],
  'config_meshconfig.yaml': [
    // How the sidecar is deployed and operated (images, resources, log level, xDS resync, proxy count limit).
    'spec.sidecar.enablePrivilegedInitContainer',
    'spec.sidecar.logLevel',
    'spec.sidecar.maxDataPlaneConnections',
    'spec.sidecar.envoyImage',
    'spec.sidecar.envoyWindowsImage',
    'spec.sidecar.initContainerImage',
    'spec.sidecar.resources',
    'spec.sidecar.configResyncInterval',
    // TLS parameters of the mesh's own mTLS between sidecars; egress TLS is the application's (passthrough).
    'spec.sidecar.cipherSuites',
    'spec.sidecar.ecdhCurves',
    // Inbound only: how the sidecar reaches the local app, inbound port exclusions and inbound ext_authz.
    'spec.sidecar.localProxyMode',
    'spec.traffic.inboundPortExclusionList',
    'spec.traffic.inboundExternalAuthorization',
    // Traffic on an excluded interface bypasses the sidecar; a trace models the pod's default interface.
    'spec.traffic.networkInterfaceExclusionList',
    // Logs, debug server, tracing spans.
    'spec.observability',
    // The ingress gateway's certificate.
    'spec.certificate.ingressGateway',
    // Stats, ingress, xDS delivery and control-plane internals; retries and active health checks apply to
    // in-mesh Service destinations only.
    'spec.featureFlags.enableWASMStats',
    'spec.featureFlags.enableMulticlusterMode',
    'spec.featureFlags.enableSnapshotCacheMode',
    'spec.featureFlags.enableAsyncProxyServiceMapping',
    'spec.featureFlags.enableIngressBackendPolicy',
    'spec.featureFlags.enableEnvoyActiveHealthChecks',
    'spec.featureFlags.enableRetryPolicy',
  ],
}

/** Per served version, on top of its file's list. */
const NOT_MODELLED_IN: Record<string, string[]> = {
  // v1alpha1's sidecar has only the deployment fields above: the TLS versions we read came with v1alpha2.
  'config_meshconfig.yaml v1alpha1': ['spec.sidecar'],
}

function specSchema(file: string, version: string): CrdSchema {
  const crd = parseAllDocuments(readFileSync(join(CRDS, file), 'utf8'))
    .map((d) => d.toJS())
    .find((d) => d?.kind === 'CustomResourceDefinition')
  const v = crd.spec.versions.find((x: {name: string}) => x.name === version)
  return v.schema.openAPIV3Schema.properties.spec
}

const notModelled = (file: string, version: string, path: string) =>
  [...NOT_MODELLED[file], ...(NOT_MODELLED_IN[`${file} ${version}`] ?? [])].some((p) => path === p || path.startsWith(p + '.') || path.startsWith(p + '['))

const CASES = [
  {file: 'policy_egress.yaml', version: 'v1alpha1', schema: EGRESS_SPEC},
  {file: 'smi_http_route_group.yaml', version: 'v1alpha4', schema: HTTP_ROUTE_GROUP_SPEC},
  {file: 'policy_upstream_traffic_setting.yaml', version: 'v1alpha1', schema: UPSTREAM_TRAFFIC_SETTING_SPEC},
  {file: 'config_meshconfig.yaml', version: 'v1alpha2', schema: MESH_CONFIG_SPEC},
  {file: 'config_meshconfig.yaml', version: 'v1alpha1', schema: MESH_CONFIG_V1ALPHA1_SPEC},
]

describe.each(CASES)('$file $version', ({file, version, schema}) => {
  const theirs = specSchema(file, version)
  const ours = new Set(schemaPairs(schema, theirs, 'spec').map(([path]) => path))
  test.each(schemaPairs(schema, theirs, 'spec'))('%s', (_path, ours, theirs) => {
    expect(theirs, 'the CRD has no such field').toBeDefined()
    expect(constraints(ours)).toEqual(constraints(theirs!))
  })
  test.each(crdPaths(theirs, 'spec'))('upstream %s is ours or listed as not modelled', (path) => {
    expect(ours.has(path) || notModelled(file, version, path), 'neither in our schema nor in NOT_MODELLED').toBe(true)
    expect(ours.has(path) && notModelled(file, version, path), 'in our schema and in NOT_MODELLED').toBe(false)
  })
})

// The list stays honest: each entry names a field some served version of the CRD has.
test.each(Object.entries(NOT_MODELLED).flatMap(([file, paths]) => paths.map((path) => [file, path])))('%s: %s exists upstream', (file, path) => {
  const upstream = CASES.filter((c) => c.file === file).flatMap((c) => crdPaths(specSchema(c.file, c.version), 'spec'))
  expect(upstream).toContain(path)
})
test.each(Object.entries(NOT_MODELLED_IN).flatMap(([at, paths]) => paths.map((path) => [at, path])))('%s: %s exists upstream', (at, path) => {
  const [file, version] = at.split(' ')
  expect(crdPaths(specSchema(file, version), 'spec')).toContain(path)
})
