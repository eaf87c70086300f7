/**
 * The Istio minor version whose validation is simulated. Rules that changed between 1.22 and 1.30 name the
 * release that introduced the change (read with `git show <tag>:pkg/config/validation/validation.go`).
 */
export const ISTIO_VERSIONS = ['1.22', '1.23', '1.24', '1.25', '1.26', '1.27', '1.28', '1.29', '1.30'] as const
export type IstioVersion = (typeof ISTIO_VERSIONS)[number]
export const NEWEST_ISTIO: IstioVersion = '1.30'

/** True when `version` is `since` or later. */
export function atLeast(version: IstioVersion, since: IstioVersion): boolean {
  return ISTIO_VERSIONS.indexOf(version) >= ISTIO_VERSIONS.indexOf(since)
}
