import type {Diagnostic} from '../../model/diagnostic.js'
import type {SidecarSpec} from '../../model/istio.js'
import type {Resource} from '../../model/resource.js'
import {diagnosticAt} from '../diagnostic-at.js'
import {checkHost} from './hostname.js'

/** istio ValidateSidecar: egress hosts are "namespace/dnsName". */
export function validateSidecar(r: Resource<SidecarSpec>, others: Resource<SidecarSpec>[]): Diagnostic[] {
  const out: Diagnostic[] = []
  ;(r.spec?.egress ?? []).forEach((e, i) =>
    (e.hosts ?? []).forEach((h, k) => {
      const slash = h.indexOf('/')
      const ns = h.slice(0, slash)
      const host = h.slice(slash + 1)
      if (slash <= 0 || !(['*', '.', '~'].includes(ns) || /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) || checkHost(host) === 'invalid') {
        out.push(diagnosticAt(r, ['spec', 'egress', i, 'hosts', k], 'ISTIO_SIDECAR_BAD_HOST', 'error', `invalid host ${JSON.stringify(h)}: must be namespace/dnsName`))
      }
    }),
  )
  const firstDefault = others.find((o) => o.metadata.namespace === r.metadata.namespace && !o.spec?.workloadSelector)
  if (!r.spec?.workloadSelector && firstDefault && firstDefault !== r) {
    out.push(diagnosticAt(r, ['metadata', 'name'], 'ISTIO_SIDECAR_MULTIPLE_DEFAULT', 'warning',
      `namespace ${r.metadata.namespace} already has a Sidecar without workloadSelector (${firstDefault.metadata.name}); which one applies is undefined`))
  }
  return out
}
