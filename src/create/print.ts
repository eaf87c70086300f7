import {layoutYaml} from '../cluster/yaml-layout.js'
import type {Manifest} from './osm.js'

/** Multi-document YAML, or a kind: List in JSON; both are what `kubectl apply -f -` reads. */
export function printManifests(objects: Manifest[], format: string): string {
  if (format === 'json') return JSON.stringify({apiVersion: 'v1', kind: 'List', items: objects}, null, 2) + '\n'
  return objects.map((o) => layoutYaml(o).text).join('---\n')
}
