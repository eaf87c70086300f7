import {istioManifests} from './istio.js'
import {type Manifest, osmManifests} from './osm.js'
import type {CreateSpec} from './spec.js'

export type {Manifest}

/** The objects to apply for a checked request, in apply order (referenced objects first). */
export function createManifests(spec: CreateSpec): Manifest[] {
  return spec.mesh === 'istio' ? istioManifests(spec) : osmManifests(spec)
}
