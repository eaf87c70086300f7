import type {Path} from '../schema.js'
import type {Report} from './report.js'
import {istioAtLeast, type IstioVersion} from '../../../sim/compile/istio/version.js'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** pkg/config/security/security.go ValidCipherSuites (unchanged 1.22–1.30). */
const CIPHER_SUITES = new Set([
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256',
  'AES256-GCM-SHA384',
  'AES128-SHA',
  'AES256-SHA',
  'DES-CBC3-SHA',
])

/** IsValidCipherSuite: "", "ALL" and expressions starting with an operator ("-", "+", "!") pass unchecked. */
const validCipher = (cs: string) => cs === '' || cs === 'ALL' || !/^[\p{L}\p{N}]/u.test(cs) || CIPHER_SUITES.has(cs)

/** Go's %v of a sorted string set. */
const goList = (items: Set<string>) => `[${[...items].sort().join(' ')}]`

/**
 * istio pkg/config/validation/validation.go validateTLSOptions: a Gateway server's (or Sidecar ingress
 * listener's) TLS settings. tlsCertificates and credentialNames exist since 1.27.
 */
export function validateServerTls(tls: Obj | undefined, at: Path, report: Report, version: IstioVersion): void {
  if (!tls) return
  const bad = (message: string) => report(at, 'ISTIO_GW_BAD_TLS', message)
  const warn = (message: string) => report(at, 'ISTIO_GW_TLS_WARNING', message, 'warning')
  const ciphers: string[] = tls.cipherSuites ?? []
  if ((tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') && ciphers.length === 0) {
    warn('TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers.')
  }
  const invalid = new Set<string>()
  const valid = new Set<string>()
  const duplicate = new Set<string>()
  for (const cs of ciphers) {
    if (!validCipher(cs)) invalid.add(cs)
    else if (valid.has(cs)) duplicate.add(cs)
    else valid.add(cs)
  }
  if (invalid.size > 0) warn(`ignoring invalid cipher suites: ${goList(invalid)}`)
  if (duplicate.size > 0) warn(`ignoring duplicate cipher suites: ${goList(duplicate)}`)
  const has = (field: string) => (Array.isArray(tls[field]) ? tls[field].length > 0 : tls[field] !== undefined && tls[field] !== '')
  const newFields = istioAtLeast(version, '1.27')
  const mode = tls.mode ?? 'PASSTHROUGH'
  if (mode === 'ISTIO_MUTUAL') {
    if (has('serverCertificate')) bad('ISTIO_MUTUAL TLS cannot have associated server certificate')
    if (has('privateKey')) bad('ISTIO_MUTUAL TLS cannot have associated private key')
    if (has('caCertificates')) bad('ISTIO_MUTUAL TLS cannot have associated CA bundle')
    if (newFields && has('tlsCertificates')) bad('ISTIO_MUTUAL TLS cannot have associated tlsCertificates')
    if (has('credentialName')) bad('ISTIO_MUTUAL TLS cannot have associated credentialName')
    if (newFields && has('credentialNames')) bad('ISTIO_MUTUAL TLS cannot have associated credentialNames')
    return
  }
  const certFields = ['caCrl', 'serverCertificate', 'privateKey', 'caCertificates', 'credentialName', ...(newFields ? ['tlsCertificates', 'credentialNames'] : [])]
  if ((mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') && certFields.some(has)) warn(`${mode} mode does not use certificates, they will be ignored`)
  if (newFields) {
    const sources = [has('serverCertificate') && has('privateKey'), has('credentialName'), has('credentialNames'), has('tlsCertificates')].filter(Boolean).length
    if (sources > 1) bad('only one of credential_name, credential_names, server_certificate/private_key, tls_certificates should be specified')
  }
  const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL'
  // With a credential the certificates are fetched remotely and nothing else is required.
  if (terminating && (has('credentialName') || (newFields && has('credentialNames')))) return
  if (terminating) {
    const prefix = mode === 'SIMPLE' ? 'SIMPLE TLS' : 'MUTUAL TLS'
    const certs: Obj[] = newFields && has('tlsCertificates') ? tls.tlsCertificates : [{serverCertificate: tls.serverCertificate, privateKey: tls.privateKey}]
    if (!newFields) {
      if (!has('serverCertificate')) bad(`${prefix} requires a server certificate`)
      if (!has('privateKey')) bad(`${prefix} requires a private key`)
      if (prefix === 'MUTUAL TLS' && !has('caCertificates')) bad(`${prefix} requires a client CA bundle`)
    } else {
      if (prefix === 'MUTUAL TLS' && !has('caCertificates')) bad(`${prefix} requires a client CA bundle`)
      if ((tls.tlsCertificates ?? []).length > 2) warn(`${prefix} can support up to 2 server certificates`)
      for (const cert of certs) {
        if (!cert.serverCertificate) bad(`${prefix} requires a server certificate`)
        if (!cert.privateKey) bad(`${prefix} requires a private key`)
      }
    }
  }
  if (has('caCrl')) {
    if (has('credentialName')) bad('CRL is not supported with credentialName. CRL has to be specified in the credential')
    if (mode === 'SIMPLE') bad('CRL is not supported with SIMPLE TLS')
  }
}
