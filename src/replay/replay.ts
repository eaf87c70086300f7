import type {MeshName} from '../../sim/compile/index.js'
import {requestFrom, type Request} from '../../sim/request/index.js'
import type {MeshTable} from '../../sim/rules/types.js'
import {trace} from '../../sim/trace/index.js'
import type {Trace} from '../../sim/trace/types.js'
import {InputError} from '../cli/exit.js'
import type {Client} from '../client/resolve-client.js'
import type {ModelSet} from '../model/set.js'
import {tableFor} from '../pipeline.js'
import type {Observed} from './collect.js'
import type {Flow} from './flow.js'
import {podOwner} from './pod-owner.js'
import {requestWords} from './request-words.js'

/** One distinct flow of one client, traced. */
export interface ReplayedFlow {
  /** NAMESPACE/SERVICEACCOUNT. */
  from: string
  /** KIND/NAME of the Pod or workload the pods belong to, when known. */
  workload?: string
  pods: string[]
  /** Undefined when the log was too poor to say what was asked. */
  flow?: Flow
  count: number
  /** Fields the log could not give, and the values assumed for them. */
  missing: string[]
  assumed: string[]
  /** Undefined with `flow`. */
  trace?: Trace
  verdict: Trace['outcome']['verdict']
  first: {file: string; line: number}
}

export interface ReplayOptions {
  mesh: MeshName
  /** The client for lines without a pod prefix (--from). */
  from?: Client
  namespace?: string
  osmVersion?: string
  istioVersion?: string
  /** Added to every table's assumptions (how the mesh was chosen, what the mesh switch changed). */
  assumptions?: MeshTable['assumptions']
}

/**
 * Traces every observed flow through the same compile → trace pipeline as `trace`: pods are mapped to their
 * workload's identity, flows of one identity and workload are merged, and each distinct flow is traced once.
 */
export function replay(set: ModelSet, observed: readonly Observed[], opts: ReplayOptions): ReplayedFlow[] {
  const owners = new Map<string, Client>()
  const clientOf = (o: Observed): Client => {
    if (o.pod === undefined) {
      if (!opts.from) throw new InputError([`${o.first.file}:${o.first.line}: the line has no [pod/NAME/CONTAINER] prefix (kubectl logs --prefix); pass --from to say whose it is`])
      return opts.from
    }
    let client = owners.get(o.pod)
    if (!client) {
      const owner = podOwner(set, o.pod, opts.namespace)
      if ('error' in owner) throw new InputError([`${o.first.file}:${o.first.line}: ${owner.error}`])
      client = owner.client
      owners.set(o.pod, client)
    }
    return client
  }

  const tables = new Map<string, MeshTable>()
  const merged = new Map<string, ReplayedFlow>()
  for (const o of observed) {
    const client = clientOf(o)
    const clientKey = `${client.namespace}/${client.serviceAccount}${client.pod ? ` ${client.pod.kind}/${client.pod.name}` : ''}`
    const key = `${clientKey}\n${o.flow ? JSON.stringify(o.flow) : `? ${o.missing.join(';')}`}`
    const known = merged.get(key)
    if (known) {
      known.count += o.count
      if (o.pod !== undefined && !known.pods.includes(o.pod)) known.pods.push(o.pod)
      continue
    }
    let table = tables.get(clientKey)
    if (!table) {
      table = tableFor(set, opts.mesh, client, opts.osmVersion, opts.istioVersion)
      table.assumptions.unshift(...(opts.assumptions ?? []))
      tables.set(clientKey, table)
    }
    merged.set(key, traced(o, client, table))
  }
  return [...merged.values()]
}

function traced(o: Observed, client: Client, table: MeshTable): ReplayedFlow {
  const base = {
    from: `${client.namespace}/${client.serviceAccount}`,
    workload: client.pod ? `${client.pod.kind}/${client.pod.name}` : undefined,
    pods: o.pod === undefined ? [] : [o.pod],
    flow: o.flow,
    count: o.count,
    missing: o.missing,
    first: o.first,
  }
  if (!o.flow) return {...base, assumed: [], verdict: 'unsupported'}
  const {words, assumed} = requestWords(o.flow)
  const request = requestFrom(words)
  if (!request.ok) throw new InputError([`${o.first.file}:${o.first.line}: the logged request cannot be replayed: ${request.error.message}`])
  const result = trace(table, request.value as Request)
  return {...base, assumed, trace: result, verdict: result.outcome.verdict}
}
