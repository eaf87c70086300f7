import {HTTP_ROUTE_GROUP_API_VERSION, UPSTREAM_TRAFFIC_SETTING_API_VERSION} from '../../../sim/compile/osm/api.js'
import type {Diagnostic} from '../../model/diagnostic.js'
import type {EgressSpec} from '../../model/osm.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'

const DENIED = 'admission webhook "osm-validator.k8s.io" denied the request: '

/**
 * pkg/validator/validators.go egressValidator (v1.2.4): only `matches` is checked, and the first problem
 * is the answer. The webhook is only registered for monitored namespaces.
 */
export function egressWebhook(egress: Resource<EgressSpec>): Diagnostic | undefined {
  let utsMatches = 0
  const matches = egress.spec?.matches ?? []
  for (const [i, m] of matches.entries()) {
    if (m.apiGroup === HTTP_ROUTE_GROUP_API_VERSION) {
      if (m.kind !== 'HTTPRouteGroup') {
        return deny(egress, i, 'kind', 'OSM_WEBHOOK_MATCH_KIND', `Expected 'matches.kind' for match '${m.name}' to be 'HTTPRouteGroup', got: ${m.kind}`)
      }
    } else if (m.apiGroup === UPSTREAM_TRAFFIC_SETTING_API_VERSION) {
      if (m.kind !== 'UpstreamTrafficSetting') {
        return deny(egress, i, 'kind', 'OSM_WEBHOOK_MATCH_KIND', `Expected 'matches.kind' for match '${m.name}' to be 'UpstreamTrafficSetting', got: ${m.kind}`)
      }
      utsMatches++
    } else {
      const hint = m.apiGroup.includes('/') ? undefined : `apiGroup must name the version too, e.g. ${HTTP_ROUTE_GROUP_API_VERSION}`
      // %v of a Go []string prints "[a b]".
      const message = `Expected 'matches.apiGroup' to be one of [${HTTP_ROUTE_GROUP_API_VERSION} ${UPSTREAM_TRAFFIC_SETTING_API_VERSION}], got: ${m.apiGroup}`
      return deny(egress, i, 'apiGroup', 'OSM_WEBHOOK_MATCH_API_GROUP', message, hint)
    }
  }
  if (utsMatches > 1) {
    return diagnosticAt(egress, ['spec', 'matches'], 'OSM_WEBHOOK_MULTIPLE_UTS', 'error', DENIED + 'Cannot have more than 1 UpstreamTrafficSetting match')
  }
  return undefined
}

function deny(egress: Resource, i: number, field: string, code: string, message: string, hint?: string): Diagnostic {
  return diagnosticAt(egress, ['spec', 'matches', i, field], code, 'error', DENIED + message, hint)
}
