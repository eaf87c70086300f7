import type {Path} from '../schema.js'
import {fqdnProblem, isDns1123Label, q} from './hostname.js'
import {maybe, type Report} from './report.js'

/**
 * istio validateGatewayNames: "namespace/name", or a legacy FQDN (warned about). As upstream, a name without
 * "/" ends the check of the list: names after it are not looked at.
 */
export function validateGatewayNames(names: string[] | undefined, at: Path, report: Report): void {
  for (const [i, name] of (names ?? []).entries()) {
    const where = [...at, i]
    const slash = name.indexOf('/')
    if (slash < 0) {
      if (name.includes('.')) {
        const parts = name.split('.')
        report(
          where,
          'ISTIO_VS_LEGACY_GATEWAY_NAME',
          `using legacy gatewayName format ${q(name)}; prefer the <namespace>/<name> format: ${q(`${parts[1]}/${parts[0]}`)}`,
          'warning',
        )
      }
      maybe(report, where, 'ISTIO_VS_BAD_GATEWAY_NAME', fqdnProblem(name))
      return
    }
    const [ns, gw] = [name.slice(0, slash), name.slice(slash + 1)]
    if (ns === '' || gw === '') report(where, 'ISTIO_VS_BAD_GATEWAY_NAME', 'config namespace and gateway name cannot be empty')
    if (!isDns1123Label(ns)) report(where, 'ISTIO_VS_BAD_GATEWAY_NAME', `invalid value for namespace: ${q(ns)}`)
    if (!isDns1123Label(gw)) report(where, 'ISTIO_VS_BAD_GATEWAY_NAME', `invalid value for gateway name: ${q(gw)}`)
  }
}
