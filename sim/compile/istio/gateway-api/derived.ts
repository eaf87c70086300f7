import type {Resource} from '../../../../src/model/resource.js'
import type {Origin} from '../../../rules/types.js'

/**
 * An object istiod derives from the user's ones (a VirtualService from an HTTPRoute, a Deployment from a
 * Gateway). It has no place in a file of its own: every value is cited where it was derived from.
 */
export function derivedResource<Spec>(
  from: Resource,
  kind: string,
  apiVersion: string,
  meta: {name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string>},
  spec: Spec,
  origins: ReadonlyMap<string, Origin>,
): Resource<Spec> {
  const metadata = {
    name: meta.name,
    namespace: meta.namespace,
    labels: meta.labels ?? {},
    annotations: meta.annotations ?? {},
    ...(from.metadata.creationTimestamp ? {creationTimestamp: from.metadata.creationTimestamp} : {}),
  }
  return {
    apiVersion,
    kind,
    metadata,
    spec,
    raw: {apiVersion, kind, metadata, spec},
    ref: {kind, namespace: meta.namespace, name: meta.name},
    source: from.source,
    positions: new Map(),
    derivedFrom: origins,
  }
}

/** Istio's internal route annotation: VirtualServices generated from Gateway API routes (pilot/pkg/config/kube/gateway/conversion.go routeMeta). */
export const ROUTE_SEMANTICS = 'internal.istio.io/route-semantics'

/** istio pilot/pkg/model/virtualservice.go UseGatewaySemantics. */
export function usesGatewaySemantics(r: Resource): boolean {
  return r.metadata.annotations[ROUTE_SEMANTICS] === 'gateway'
}
