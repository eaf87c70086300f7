/** Tiny builders for OSM inputs: a client curl/curl in a monitored namespace, and the objects around it. */
import {compileOsm, type CompileOsmOptions} from '../../sim/compile/osm/index.js'
import type {MeshTable, Proxy} from '../../sim/rules/types.js'
import type {Resource} from '../../src/model/resource.js'
import {modelSet, resource} from '../helpers/resource.js'

export type Port = {number: number; protocol: string}

export function egress(name: string, spec: {hosts?: string[]; ipAddresses?: string[]; ports: Port[]; matches?: unknown[]; sources?: unknown[]}, namespace = 'curl'): Resource {
  const sources = spec.sources ?? [{kind: 'ServiceAccount', name: 'curl', namespace: 'curl'}]
  return resource({apiVersion: 'policy.openservicemesh.io/v1alpha1', kind: 'Egress', metadata: {name, namespace}, spec: {...spec, sources}}, `${name}.yaml`)
}

export const http = (n: number): Port => ({number: n, protocol: 'http'})
export const https = (n: number): Port => ({number: n, protocol: 'https'})
export const tcp = (n: number): Port => ({number: n, protocol: 'tcp'})

export function meshConfig(traffic: Record<string, unknown>, featureFlags: Record<string, unknown> = {enableEgressPolicy: true}): Resource {
  return resource(
    {apiVersion: 'config.openservicemesh.io/v1alpha2', kind: 'MeshConfig', metadata: {name: 'osm-mesh-config', namespace: 'osm-system'}, spec: {traffic, featureFlags}},
    'meshconfig.yaml',
  )
}

/** The demos' MeshConfig: no passthrough, SMI mode, Egress API on. */
export const strict = () => meshConfig({enableEgress: false, enablePermissiveTrafficPolicyMode: false})

export function namespace(name: string, monitored = true): Resource {
  const labels = monitored ? {'openservicemesh.io/monitored-by': 'osm'} : {}
  const annotations = monitored ? {'openservicemesh.io/sidecar-injection': 'enabled'} : {}
  return resource({apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels, annotations}}, 'namespace.yaml')
}

export function routeGroup(name: string, matches: unknown[], namespace = 'curl'): Resource {
  return resource({apiVersion: 'specs.smi-spec.io/v1alpha4', kind: 'HTTPRouteGroup', metadata: {name, namespace}, spec: {matches}}, `${name}.yaml`)
}

export function hrgMatch(name: string): {apiGroup: string; kind: string; name: string} {
  return {apiGroup: 'specs.smi-spec.io/v1alpha4', kind: 'HTTPRouteGroup', name}
}

export function utsMatch(name: string): {apiGroup: string; kind: string; name: string} {
  return {apiGroup: 'policy.openservicemesh.io/v1alpha1', kind: 'UpstreamTrafficSetting', name}
}

export function upstreamTrafficSetting(name: string, connectTimeout: string, namespace = 'curl'): Resource {
  return resource({
    apiVersion: 'policy.openservicemesh.io/v1alpha1',
    kind: 'UpstreamTrafficSetting',
    metadata: {name, namespace},
    spec: {host: 'httpbin.org', connectionSettings: {tcp: {connectTimeout}}},
  })
}

export function compile(resources: Resource[], opts: Partial<CompileOsmOptions> = {}): MeshTable {
  return compileOsm(modelSet(...resources), {mesh: 'osm', namespace: 'curl', serviceAccount: 'curl', ...opts})
}

export function sidecar(table: MeshTable): Proxy {
  return table.proxies['curl/curl']
}

/** Chains of the outbound listener as [name, match] pairs; null when there is no listener. */
export function chains(table: MeshTable) {
  const l = sidecar(table).listeners[0]
  return l ? l.filterChains.map((c) => [c.name, c.match]) : null
}
