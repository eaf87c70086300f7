import {expect} from 'vitest'
import {parseResources} from '../../src/load/parse.js'
import type {EgressSpec} from '../../src/model/osm.js'
import type {Resource} from '../../src/model/resource.js'
import type {ModelSet} from '../../src/model/set.js'

/** mulberry32: a small seeded generator, so a failing set can be rebuilt from the printed seed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A permissive OSM set with conflicts planted (for Envoy's NACKs and osm-edge's merged or order-open destinations): Services sharing a ClusterIP and port (overlapping mesh
 * chains), names that repeat or differ only in case, and names with dots, which make a short name of one
 * namespace equal a qualified name of another (duplicate domains only some clients see); Egress policies
 * whose tcp/https chains land on mesh leaves or on each other, and http hosts repeated on a port.
 */
export function plantedSet(seed: number): ModelSet {
  const next = random(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]
  const namespaces = ['team-0', 'team-1', 'team-2', 'outside']
  const ips = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']
  const docs: string[] = [
    `apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata: {name: osm-mesh-config, namespace: osm-system}
spec:
  traffic: {enableEgress: false, enablePermissiveTrafficPolicyMode: true}
  featureFlags: {enableEgressPolicy: true}`,
  ]
  for (const ns of namespaces) {
    docs.push(`apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels: ${ns === 'outside' ? '{}' : '{openservicemesh.io/monitored-by: osm}'}`)
  }
  const serviceNames = ['web', 'Web', 'api', 'db', 'web.team-1', 'api.team-0.svc', 'db.team-2']
  for (let i = 0; i < 24; i++) {
    const ip = next() < 0.1 ? '' : `\n  clusterIP: ${pick(ips)}`
    const ports = Array.from({length: 1 + Math.floor(next() * 2)}, () => `  - {name: ${pick(['http-a', 'tcp-b', 'grpc-c', 'd'])}, port: ${pick([80, 5432, 8080])}}`)
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${pick(serviceNames)}, namespace: ${pick(namespaces)}}
spec:${ip}
  ports:
${ports.join('\n')}`)
  }
  for (let i = 0; i < 14; i++) {
    const ns = pick(namespaces.slice(0, 3))
    const sources = Array.from({length: 1 + Math.floor(next() * 2)}, () => `  - {kind: ServiceAccount, name: ${pick(['app', 'job'])}, namespace: ${pick(namespaces.slice(0, 3))}}`)
    const hosts = next() < 0.3 ? '' : `\n  hosts: [${Array.from({length: 1 + Math.floor(next() * 2)}, () => pick(['a.example', 'b.example', 'A.example'])).join(', ')}]`
    const addresses = next() < 0.5 ? '' : `\n  ipAddresses: [${pick(ips)}/32]`
    const port = pick([`{number: ${pick([80, 8080])}, protocol: http}`, `{number: ${pick([443, 5432])}, protocol: ${pick(['https', 'tcp', 'tcp-server-first'])}}`])
    docs.push(`apiVersion: policy.openservicemesh.io/v1alpha1
kind: Egress
metadata: {name: e-${i}, namespace: ${ns}}
spec:
  sources:
${sources.join('\n')}${hosts}${addresses}
  ports: [${port}]`)
  }
  const {resources, diagnostics} = parseResources(docs.join('\n---\n'), `planted-${seed}.yaml`)
  expect(diagnostics).toEqual([])
  return {resources}
}

export const identitiesOf = (set: ModelSet) => [
  ...new Set(set.resources.filter((r) => r.kind === 'Egress').flatMap((e) => ((e as Resource<EgressSpec>).spec?.sources ?? []).map((s) => `${s.namespace}/${s.name}`))),
]

const randomSeed = Math.floor(Math.random() * 2 ** 31)
export const plantedSeeds = [...Array.from({length: 40}, (_, i) => 1000 + i), randomSeed]
