import type {Diagnostic} from '../../model/diagnostic.js'
import type {HTTPRouteGroupSpec} from '../../model/osm.js'
import type {Resource} from '../../model/resource.js'
import {envoyRe2Message, re2SyntaxError} from '../../../sim/rules/re2.js'
import {diagnosticAt} from '../diagnostic-at.js'

/**
 * smi-sdk-go v0.5.0 helpers.go httpHeaders.UnmarshalJSON: each headers element must be a single-key map,
 * else decoding fails ("incorrect length of keyval") and OSM cannot use the object at all.
 */
export function routeGroupWarnings(group: Resource<HTTPRouteGroupSpec>, mesh: 'osm' | 'osm-edge'): Diagnostic[] {
  // osm-edge hands the regexes to Pipy's own engine, not to Envoy's RE2: the RE2 finding is OSM's alone.
  return [...headerElementWarnings(group), ...(mesh === 'osm' ? regexWarnings(group) : [])]
}

/**
 * OSM copies pathRegex and header values into Envoy safe_regex matchers unchecked; one that RE2 cannot
 * compile makes Envoy reject the whole route configuration of the port (osm.md §2.8): every HTTP request
 * on it then gets 404, whatever its host.
 */
function regexWarnings(group: Resource<HTTPRouteGroupSpec>): Diagnostic[] {
  const out: Diagnostic[] = []
  const check = (path: Array<string | number>, value: unknown) => {
    const error = typeof value === 'string' ? re2SyntaxError(value) : null
    if (error)
      out.push(
        diagnosticAt(
          group,
          path,
          'OSM_REGEX_NOT_RE2',
          'warning',
          `${envoyRe2Message(error)}: Envoy rejects the route configuration of every port an Egress uses this match on, and all its requests get 404`,
          'write the regex in RE2 syntax (github.com/google/re2/wiki/Syntax)',
        ),
      )
  }
  ;(group.spec?.matches ?? []).forEach((m, i) => {
    check(['spec', 'matches', i, 'pathRegex'], m.pathRegex)
    ;(m.headers ?? []).forEach((h, j) => Object.entries(h).forEach(([k, v]) => check(['spec', 'matches', i, 'headers', j, k], v)))
  })
  return out
}

function headerElementWarnings(group: Resource<HTTPRouteGroupSpec>): Diagnostic[] {
  return (group.spec?.matches ?? []).flatMap((m, i) =>
    (m.headers ?? []).flatMap((h, j) =>
      Object.keys(h).length === 1
        ? []
        : [
            diagnosticAt(
              group,
              ['spec', 'matches', i, 'headers', j],
              'OSM_HEADER_ELEMENT_KEYS',
              'warning',
              'incorrect length of keyval: each headers element must hold exactly one header; OSM cannot read this HTTPRouteGroup and Egress policies using it get no route',
              'write one "- name: regex" element per header',
            ),
          ],
    ),
  )
}
