import type {Diagnostic} from '../model/diagnostic.js'
import type {Resource} from '../model/resource.js'
import {diagnosticAt} from './diagnostic-at.js'

/**
 * The served versions our CRDs mark `deprecated: true`, by apiVersion and kind, with each one's
 * `deprecationWarning` (Gateway API v1.5.1; OSM v1.2.4). The API server adds the text as a warning to every
 * request for that version, whether it stores the object or rejects it (apiextensions-apiserver
 * pkg/apiserver/customresource_handler.go; without a deprecationWarning it would say "GROUP/VERSION KIND is
 * deprecated; use GROUP/NEWER KIND", but each of these has its own), and kubectl prints it as "Warning: …".
 */
const DEPRECATED: Record<Family, Record<string, Record<string, string>>> = {
  GATEWAY_API: {
    'gateway.networking.k8s.io/v1alpha2': {
      TLSRoute: 'The v1alpha2 version of TLSRoute has been deprecated and will be removed in a future release of the API. Please upgrade to v1.',
    },
    'gateway.networking.k8s.io/v1alpha3': {
      TLSRoute: 'The v1alpha3 version of TLSRoute has been deprecated and will be removed in a future release of the API. Please upgrade to v1.',
      BackendTLSPolicy: 'The v1alpha3 version of BackendTLSPolicy has been deprecated and will be removed in a future release of the API. Please upgrade to v1.',
    },
  },
  OSM: {
    'config.openservicemesh.io/v1alpha1': {
      MeshConfig: 'config.openservicemesh.io/v1alpha1 MeshConfig is deprecated; use config.openservicemesh.io/v1alpha2 MeshConfig',
    },
  },
}

/** Whose CRDs: each validator asks only of its own, and its codes carry the family's prefix. */
type Family = 'GATEWAY_API' | 'OSM'

/** The API server's deprecation warning for the object's version, as a warning at its apiVersion. */
export function deprecatedVersion(r: Resource, family: Family): Diagnostic[] {
  const warning = DEPRECATED[family][r.apiVersion]?.[r.kind]
  return warning ? [diagnosticAt(r, ['apiVersion'], `${family}_VERSION_DEPRECATED`, 'warning', warning)] : []
}

/** Every entry as [apiVersion, kind, warning], for the test that holds the table to the CRDs. */
export function deprecatedVersions(): Array<[string, string, string]> {
  return Object.values(DEPRECATED)
    .flatMap((byVersion) => Object.entries(byVersion))
    .flatMap(([apiVersion, kinds]) => Object.entries(kinds).map(([kind, warning]): [string, string, string] => [apiVersion, kind, warning]))
}
