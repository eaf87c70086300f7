import type {Resource} from '../../../src/model/resource.js'

/** Where a pod annotation is written in a Pod or in a workload's pod template. */
export function podAnnotationPath(workload: Resource, key: string): string[] {
  if (workload.kind === 'Pod') return ['metadata', 'annotations', key]
  if (workload.kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'annotations', key]
  return ['spec', 'template', 'metadata', 'annotations', key]
}
