import type {Resource} from './resource.js'

/** Everything loaded from the files (or read from a cluster), in input order. */
export interface ModelSet {
  resources: Resource[]
}
