import type {Diagnostic} from '../../model/diagnostic.js'
import type {HTTPRouteGroupSpec} from '../../model/osm.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'

/**
 * smi-sdk-go v0.5.0 helpers.go httpHeaders.UnmarshalJSON: each headers element must be a single-key map,
 * else decoding fails ("incorrect length of keyval") and OSM cannot use the object at all.
 */
export function routeGroupWarnings(group: Resource<HTTPRouteGroupSpec>): Diagnostic[] {
  return (group.spec?.matches ?? []).flatMap((m, i) =>
    (m.headers ?? []).flatMap((h, j) =>
      Object.keys(h).length === 1
        ? []
        : [
            diagnosticAt(group, ['spec', 'matches', i, 'headers', j], 'OSM_HEADER_ELEMENT_KEYS', 'warning',
              'incorrect length of keyval: each headers element must hold exactly one header; OSM cannot read this HTTPRouteGroup and Egress policies using it get no route', 'write one "- name: regex" element per header'),
          ],
    ),
  )
}
