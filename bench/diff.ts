/**
 * `kubectl egress diff` on two 10,000-policy OSM sets that differ in a few policies. Policies: 9,000 HTTP
 * hosts on port 80, 900 HTTPS hosts on 443, 100 TCP ranges on 5432, all for curl/curl.
 */
import {readFileSync} from 'node:fs'
import {performance} from 'node:perf_hooks'
import {diffSets} from '../src/diff/index.js'
import {parseResources} from '../src/load/parse.js'
import type {ModelSet} from '../src/model/set.js'

const MESH = readFileSync(new URL('../../examples/osm/00-mesh.yaml', import.meta.url), 'utf8')

function policy(i: number, change: (i: number) => {host?: string; cidr?: string}): string {
  const {host, cidr} = change(i)
  const kind = i % 100 === 0 ? 'tcp' : i % 10 === 0 ? 'https' : 'http'
  const target = kind === 'tcp' ? `  ipAddresses: [${cidr ?? `10.${i % 250}.${Math.floor(i / 250)}.0/24`}]` : `  hosts: [${host ?? `h${i}.example.com`}]`
  const port = kind === 'tcp' ? 5432 : kind === 'https' ? 443 : 80
  return `kind: Egress
apiVersion: policy.openservicemesh.io/v1alpha1
metadata: {name: p${i}, namespace: curl}
spec:
  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
${target}
  ports: [{number: ${port}, protocol: ${kind}}]
`
}

function policySet(n: number, change: (i: number) => {host?: string; cidr?: string} = () => ({})): ModelSet {
  const text = [MESH, ...Array.from({length: n}, (_, i) => policy(i, change))].join('\n---\n')
  return {resources: parseResources(text, 'bench.yaml').resources}
}

function timed<T>(f: () => T): [T, number] {
  const start = performance.now()
  const value = f()
  return [value, performance.now() - start]
}

export async function benchDiff(): Promise<Record<string, number>> {
  const n = 10_000
  const [base, parseMs] = timed(() => policySet(n))
  // Three HTTP hosts renamed: the changes touch only exact-domain virtual hosts.
  const hosts = policySet(n, (i) => (i === 1 || i === 2 || i === 3 ? {host: `renamed${i}.example.com`} : {}))
  // One TCP range widened as well: the filter chains differ, so every name is evaluated.
  const cidr = policySet(n, (i) => (i === 1 ? {host: 'renamed1.example.com'} : i === 100 ? {cidr: '10.100.0.0/16'} : {}))
  const [same, sameMs] = timed(() => diffSets(base, base, 'osm'))
  const [renamed, hostsMs] = timed(() => diffSets(base, hosts, 'osm'))
  const [widened, cidrMs] = timed(() => diffSets(base, cidr, 'osm'))
  return {
    'diff.policies': n,
    'diff.parse-10k-ms': Math.round(parseMs),
    'diff.identical-ms': Math.round(sameMs),
    'diff.identical-classes': same.classes,
    'diff.3-hosts-renamed-ms': Math.round(hostsMs),
    'diff.3-hosts-renamed-classes': renamed.classes,
    'diff.3-hosts-renamed-changes': renamed.changes.length,
    'diff.cidr-widened-ms': Math.round(cidrMs),
    'diff.cidr-widened-classes': widened.classes,
    'diff.cidr-widened-changes': widened.changes.length,
  }
}
