import {istioManifests} from './istio.js'
import {type Manifest, osmManifests} from './osm.js'
import {rejectedFlags} from './self-check.js'
import {type Checked, type CreateFlags, type CreateSpec, checkCreateFlags} from './spec.js'

export type {Manifest}

/** The objects to apply for a checked request, in apply order (referenced objects first). */
export function createManifests(spec: CreateSpec): Manifest[] {
  return spec.mesh === 'istio' ? istioManifests(spec) : osmManifests(spec)
}

/**
 * What `create` does with its flags: check them, write the objects, and refuse (with one line per flag)
 * whatever `validate` would reject in them, so create never prints YAML that validate refuses.
 */
export function createFromFlags(flags: CreateFlags): Checked & {manifests?: Manifest[]} {
  const checked = checkCreateFlags(flags)
  if (!checked.spec) return checked
  const manifests = createManifests(checked.spec)
  const rejected = rejectedFlags(manifests)
  return rejected.length > 0 ? {missing: [], problems: rejected, notes: checked.notes} : {...checked, manifests}
}
