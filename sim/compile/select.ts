import type {Resource} from '../../src/model/resource.js'
import type {ModelSet} from '../../src/model/set.js'
import type {LabelSelector} from '../../src/model/k8s.js'

/** Objects of one kind, optionally restricted to an API group ("policy.openservicemesh.io"). */
export function ofKind<Spec = unknown>(set: ModelSet, kind: string, group?: string): Resource<Spec>[] {
  return set.resources.filter(
    (r) => r.kind === kind && (group === undefined || apiGroup(r.apiVersion) === group),
  ) as Resource<Spec>[]
}

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/')
  return slash < 0 ? '' : apiVersion.slice(0, slash)
}

export function find<Spec = unknown>(set: ModelSet, kind: string, namespace: string, name: string): Resource<Spec> | undefined {
  return set.resources.find((r) => r.kind === kind && r.metadata.namespace === namespace && r.metadata.name === name) as
    | Resource<Spec>
    | undefined
}

/** Kubernetes label-selector semantics; an empty selector selects everything. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key)
    const inValues = has && (e.values ?? []).includes(labels[e.key])
    if (e.operator === 'In' && !inValues) return false
    if (e.operator === 'NotIn' && inValues) return false
    if (e.operator === 'Exists' && !has) return false
    if (e.operator === 'DoesNotExist' && has) return false
  }
  return true
}
