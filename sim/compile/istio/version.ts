/**
 * The istiod minor versions whose behaviour the simulator knows, oldest first. 1.31 is the newest: at the
 * istio/istio snapshot read (master 86c9f01f) it is at 1.31.0-rc.0, the first release with
 * outboundTrafficPolicy ALLOW_ANY_DYNAMIC_DNS (PR #59802).
 */
export const ISTIO_VERSIONS = ['1.22', '1.23', '1.24', '1.25', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31'] as const

export type IstioVersion = (typeof ISTIO_VERSIONS)[number]

export const NEWEST_ISTIO_VERSION: IstioVersion = ISTIO_VERSIONS[ISTIO_VERSIONS.length - 1]

export function isIstioVersion(text: string): text is IstioVersion {
  return (ISTIO_VERSIONS as readonly string[]).includes(text)
}

/** Whether `version` is `since` or newer. */
export function istioAtLeast(version: IstioVersion, since: IstioVersion): boolean {
  return ISTIO_VERSIONS.indexOf(version) >= ISTIO_VERSIONS.indexOf(since)
}
