import type {Path} from '../schema.js'
import {q} from './hostname.js'
import type {Report} from './report.js'
import {istioAtLeast, type IstioVersion} from '../../../sim/compile/istio/version.js'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * istio pkg/config/validation/agent/validation.go ValidateTLS: a DestinationRule's client TLS settings whose
 * fields exclude each other.
 */
export function validateClientTls(tls: Obj | undefined, at: Path, report: Report, namespace: string, version: IstioVersion): void {
  if (!tls) return
  const bad = (message: string, field?: string) => report(field ? [...at, field] : at, 'ISTIO_DR_BAD_TLS', message)
  const credentialName = String(tls.credentialName ?? '')
  if (credentialName.startsWith('configmap://') && istioAtLeast(version, '1.26')) {
    // credentials.ParseResourceName: configmap://NAMESPACE/NAME, in the object's own namespace.
    const [ns, name] = credentialName.slice('configmap://'.length).split('/')
    if (name === undefined) bad(`invalid configmap:// credentialName: invalid resource name ${q(credentialName)}. Expected namespace and name`, 'credentialName')
    else if (ns === '') bad(`invalid configmap:// credentialName: invalid resource name ${q(credentialName)}. Expected namespace`, 'credentialName')
    else if (name === '') bad(`invalid configmap:// credentialName: invalid resource name ${q(credentialName)}. Expected name`, 'credentialName')
    else if (ns !== namespace || namespace === '') bad(`invalid configmap:// credentialName: namespace must match the configuration namespace ${q(namespace)}`, 'credentialName')
  }
  const mode = tls.mode ?? 'DISABLE'
  const has = (field: string) => tls[field] !== undefined && tls[field] !== ''
  if (tls.insecureSkipVerify === true) {
    // subjectAltNames counts when present at all, even empty (a non-nil Go slice).
    if (mode === 'SIMPLE' && (has('caCertificates') || has('credentialName') || tls.subjectAltNames !== undefined)) {
      bad('cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true', 'insecureSkipVerify')
    }
    if (mode === 'MUTUAL' && (has('caCertificates') || tls.subjectAltNames !== undefined)) {
      bad('cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true', 'insecureSkipVerify')
    }
  }
  if ((mode === 'SIMPLE' || mode === 'MUTUAL') && credentialName !== '') {
    // With a credentialName the certificates are fetched remotely: nothing else may be given, and nothing is required.
    if (has('clientCertificate') || has('caCertificates') || has('privateKey') || has('caCrl')) {
      bad('cannot specify client certificates or CA certificate or CA CRL If credentialName is set', 'credentialName')
    }
    return
  }
  if (mode === 'MUTUAL') {
    if (!has('clientCertificate')) bad('client certificate required for mutual tls')
    if (!has('privateKey')) bad('private key required for mutual tls')
  }
}
