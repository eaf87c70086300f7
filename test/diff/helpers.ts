import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {MeshName} from '../../sim/compile/index.js'
import {diffSets, type Change} from '../../src/diff/index.js'
import {parseResources} from '../../src/load/parse.js'
import type {ModelSet} from '../../src/model/set.js'
import {ROOT} from '../helpers/cli.js'

export const example = (path: string) => readFileSync(join(ROOT, 'examples', path), 'utf8')

/** A model set from YAML texts, each as its own file. */
export function set(...texts: string[]): ModelSet {
  return {resources: texts.flatMap((t, i) => parseResources(t, `set-${i}.yaml`).resources)}
}

export const osmMesh = (enableEgress = false) => example('osm/00-mesh.yaml').replace('enableEgress: false', `enableEgress: ${enableEgress}`)

export function egress(name: string, spec: {hosts?: string[]; ipAddresses?: string[]; port: number; protocol: string; routeGroup?: string}): string {
  const lines = [
    'kind: Egress',
    'apiVersion: policy.openservicemesh.io/v1alpha1',
    'metadata:',
    `  name: ${name}`,
    '  namespace: curl',
    'spec:',
    '  sources:',
    '  - {kind: ServiceAccount, name: curl, namespace: curl}',
    ...(spec.hosts ? ['  hosts:', ...spec.hosts.map((h) => `  - ${h}`)] : []),
    ...(spec.ipAddresses ? ['  ipAddresses:', ...spec.ipAddresses.map((h) => `  - ${h}`)] : []),
    '  ports:',
    `  - {number: ${spec.port}, protocol: ${spec.protocol}}`,
    ...(spec.routeGroup ? ['  matches:', `  - {apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: ${spec.routeGroup}}`] : []),
  ]
  return lines.join('\n') + '\n'
}

export function routeGroup(name: string, pathRegexes: string[]): string {
  return (
    [
      'apiVersion: specs.smi-spec.io/v1alpha4',
      'kind: HTTPRouteGroup',
      'metadata:',
      `  name: ${name}`,
      '  namespace: curl',
      'spec:',
      '  matches:',
      ...pathRegexes.map((p, i) => `  - {name: m${i}, pathRegex: "${p}"}`),
    ].join('\n') + '\n'
  )
}

/** Changes as short lines: "newly-allowed http example.com:80/ GET". */
export function summary(before: ModelSet, after: ModelSet, mesh: MeshName, from?: string): string[] {
  return diffSets(before, after, mesh, from).changes.map(line).sort()
}

export function line(c: Change): string {
  const r = c.request
  return `${c.kind} ${r.scheme} ${r.host}:${r.port}${r.path ?? ''}${r.method && r.method !== 'GET' ? ' ' + r.method : ''}${r.ip ? ' @' + r.ip : ''}`
}
