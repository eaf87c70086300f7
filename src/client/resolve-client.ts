import type {MeshName} from '../../sim/compile/index.js'
import {selects} from '../../sim/compile/select.js'
import {podTemplates, type PodRef} from '../../sim/compile/workload.js'
import {InputError} from '../cli/exit.js'
import {suggest} from '../cli/suggest.js'
import {clientIdentities} from '../client-identities.js'
import type {ModelSet} from '../model/set.js'
import {sourceString} from '../model/source.js'
import {parseSelector} from './selector.js'

/** The client a command traces: its identity, the pod template it runs, and how it was chosen. */
export interface Client {
  namespace: string
  serviceAccount: string
  /** The Pod or workload whose template decides labels, capture and injection, when one was named or selected. */
  pod?: PodRef
  /** How the identity was found when the user did not spell out NAMESPACE/SERVICEACCOUNT; printed as an assumption. */
  chosen?: string
}

/** `--from`, `-l` and `-n` as given. */
export interface ClientFlags {
  from?: string
  selector?: string
  namespace?: string
}

/**
 * kubectl's resource words for what can name a client (`kubectl api-resources`: NAME, SHORTNAMES, and the
 * singular), each with the API group it must come from.
 */
const KINDS = [
  {kind: 'ServiceAccount', group: '', words: ['sa', 'serviceaccount', 'serviceaccounts']},
  {kind: 'Pod', group: '', words: ['pod', 'po', 'pods']},
  {kind: 'Deployment', group: 'apps', words: ['deploy', 'deployment', 'deployments']},
  {kind: 'StatefulSet', group: 'apps', words: ['sts', 'statefulset', 'statefulsets']},
  {kind: 'DaemonSet', group: 'apps', words: ['ds', 'daemonset', 'daemonsets']},
  {kind: 'ReplicaSet', group: 'apps', words: ['rs', 'replicaset', 'replicasets']},
  {kind: 'Job', group: 'batch', words: ['job', 'jobs']},
  {kind: 'CronJob', group: 'batch', words: ['cronjob', 'cj', 'cronjobs']},
] as const

type Kind = (typeof KINDS)[number]

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/
const FORMS = 'NAMESPACE/SERVICEACCOUNT, sa/NAME, deploy/NAME (also sts, ds, rs, job, cronjob) or pod/NAME'

/** `deploy`, `deployments.apps`, `Deployment` → the kind, as kubectl reads TYPE in TYPE/NAME. */
export function kindOfWord(word: string): Kind | undefined {
  const lower = word.toLowerCase()
  const dot = lower.indexOf('.')
  const [name, group] = dot < 0 ? [lower, undefined] : [lower.slice(0, dot), lower.slice(dot + 1)]
  return KINDS.find((k) => (k.words as readonly string[]).includes(name) && (group === undefined || group === k.group))
}

/**
 * Resolves the client as kubectl would name it, against the input files or what was read from the cluster:
 * NAMESPACE/SERVICEACCOUNT, TYPE/NAME with -n, or -l SELECTOR; with neither and one client in the input,
 * that one (said as an assumption). Anything that names nothing is an InputError listing what exists.
 */
export function resolveClient(set: ModelSet, mesh: MeshName, flags: ClientFlags): Client {
  if (flags.from !== undefined && flags.selector !== undefined) throw new InputError(['--from and -l both name the client; pass one'])
  if (flags.selector !== undefined) return bySelector(set, flags.selector, flags.namespace)
  if (flags.from === undefined) return onlyClient(set, mesh)
  const slash = flags.from.indexOf('/')
  const kind = slash > 0 ? kindOfWord(flags.from.slice(0, slash)) : undefined
  if (kind) return byName(set, mesh, kind, flags.from.slice(slash + 1), flags.namespace, flags.from)
  return byIdentity(set, mesh, flags.from, flags.namespace)
}

/**
 * Every way --from can name a client of this input, as offered by shell completion: TYPE/NAME for each Pod,
 * workload and ServiceAccount (in `namespace` when given), and NAMESPACE/SERVICEACCOUNT for each identity.
 */
export function clientNames(set: ModelSet, mesh: MeshName, namespace?: string): Array<{value: string; description: string}> {
  const out = new Map<string, string>()
  for (const t of podTemplates(set)) {
    if (namespace !== undefined && t.resource.metadata.namespace !== namespace) continue
    const word = KINDS.find((k) => k.kind === t.resource.kind)?.words[0]
    if (word) out.set(`${word}/${t.resource.metadata.name}`, `${t.resource.kind} ${t.resource.metadata.namespace}/${t.resource.metadata.name}, runs as ${t.serviceAccount}`)
  }
  for (const sa of serviceAccounts(set, mesh)) {
    if (namespace !== undefined && sa.namespace !== namespace) continue
    out.set(`sa/${sa.name}`, `ServiceAccount ${sa.namespace}/${sa.name}`)
    if (namespace === undefined) out.set(`${sa.namespace}/${sa.name}`, 'NAMESPACE/SERVICEACCOUNT')
  }
  return [...out].map(([value, description]) => ({value, description}))
}

function onlyClient(set: ModelSet, mesh: MeshName): Client {
  const ids = clientIdentities([set], mesh)
  if (ids.length === 1) {
    const [namespace, serviceAccount] = ids[0].split('/')
    return {namespace, serviceAccount, chosen: `--from ${ids[0]}: the only client the input describes (pass --from to choose another)`}
  }
  if (ids.length === 0) throw new InputError([`--from is required: the input describes no client (no Pod, workload or Egress source); pass --from ${FORMS}`])
  throw new InputError([`--from is required: the input describes ${ids.length} clients: ${listed(ids)}`])
}

function byIdentity(set: ModelSet, mesh: MeshName, from: string, namespaceFlag: string | undefined): Client {
  const [namespace, serviceAccount, extra] = from.split('/')
  if (extra !== undefined || serviceAccount === undefined || !DNS_LABEL.test(namespace) || !DNS_SUBDOMAIN.test(serviceAccount)) {
    const near = suggest(from, knownIdentities(set, mesh)).slice(0, 3)
    throw new InputError([`--from "${from}" is not ${FORMS}${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`])
  }
  if (namespaceFlag !== undefined && namespaceFlag !== namespace) throw new InputError([`--from ${from} names namespace ${namespace}, but -n says ${namespaceFlag}; pass one`])
  const known = knownIdentities(set, mesh)
  // With no client described at all (policies only), the identity is taken as given and the trace says it assumed a default pod.
  if (known.length === 0 || known.includes(from)) return {namespace, serviceAccount}
  throw new InputError(
    notFound(`--from ${from}: nothing in the input runs as ServiceAccount ${serviceAccount} in namespace ${namespace}`, from, known, 'client identities in the input'),
  )
}

function byName(set: ModelSet, mesh: MeshName, kind: Kind, name: string, namespace: string | undefined, from: string): Client {
  const all = kind.kind === 'ServiceAccount' ? serviceAccounts(set, mesh) : namedTemplates(set, kind)
  const inNamespace = all.filter((c) => namespace === undefined || c.namespace === namespace)
  const found = inNamespace.filter((c) => c.name === name)
  const where = namespace === undefined ? '' : ` in namespace ${namespace}`
  if (found.length === 0) {
    const typed = from.slice(0, from.indexOf('/'))
    const near = suggest(
      name,
      inNamespace.map((c) => c.name),
    )
      .slice(0, 3)
      .map((n) => `${typed}/${n}`)
    const exist = all.map((c) => `${c.namespace}/${c.name}`)
    throw new InputError([
      `--from ${from}: no ${kind.kind} named ${name}${where} in the input${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`,
      exist.length
        ? `${kind.kind}s in the input (NAMESPACE/NAME): ${listed(exist)}`
        : `the input has no ${kind.kind}; client identities: ${listed(knownIdentities(set, mesh)) || 'none'}`,
    ])
  }
  const namespaces = [...new Set(found.map((c) => c.namespace))]
  if (namespaces.length > 1) throw new InputError([`--from ${from}: there is a ${kind.kind} ${name} in namespaces ${namespaces.join(', ')}; pass -n NAMESPACE`])
  const one = found[0]
  const at = one.at ? ` (${one.at})` : ''
  const inferred = namespace === undefined ? `; namespace ${one.namespace} is the only one with a ${kind.kind} ${name} (pass -n to choose)` : ''
  if (kind.kind === 'ServiceAccount')
    return {
      namespace: one.namespace,
      serviceAccount: one.name,
      chosen: namespace === undefined ? `--from ${from}: ServiceAccount ${one.namespace}/${one.name}${at}${inferred}` : undefined,
    }
  return {
    namespace: one.namespace,
    serviceAccount: one.serviceAccount!,
    pod: {kind: kind.kind, name},
    chosen: `--from ${from}: ${kind.kind} ${one.namespace}/${name}${at} runs as ServiceAccount ${one.serviceAccount}${inferred}`,
  }
}

function bySelector(set: ModelSet, text: string, namespace: string | undefined): Client {
  const selector = parseSelector(text)
  if ('error' in selector) throw new InputError([selector.error])
  const candidates = podTemplates(set).filter((t) => namespace === undefined || t.resource.metadata.namespace === namespace)
  const matching = candidates.filter((t) => selects(selector, t.template.metadata?.labels ?? {}))
  const where = namespace === undefined ? '' : ` in namespace ${namespace}`
  if (matching.length === 0) {
    const labelled = candidates.map(
      (t) =>
        `${t.resource.kind} ${t.resource.metadata.namespace}/${t.resource.metadata.name} {${Object.entries(t.template.metadata?.labels ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}}`,
    )
    throw new InputError([
      `-l ${text}: no Pod or workload template${where} in the input has matching labels`,
      labelled.length ? `pod templates in the input: ${listed(labelled)}` : 'the input has no Pod or workload',
    ])
  }
  const ids = [...new Set(matching.map((t) => `${t.resource.metadata.namespace}/${t.serviceAccount}`))]
  if (ids.length > 1) throw new InputError([`-l ${text} selects pods of ${ids.length} client identities: ${listed(ids)}; narrow it or pass --from`])
  const best = matching.find((t) => t.resource.kind === 'Pod') ?? matching[0]
  const {kind} = best.resource
  const {name} = best.resource.metadata
  const others = matching.length > 1 ? ` (${matching.length} templates match; all run as ${ids[0]})` : ''
  return {
    namespace: best.resource.metadata.namespace,
    serviceAccount: best.serviceAccount,
    pod: {kind, name},
    chosen: `-l ${text}: ${kind} ${best.resource.metadata.namespace}/${name} (${sourceString(best.resource.source)}) runs as ServiceAccount ${best.serviceAccount}${others}`,
  }
}

interface Named {
  namespace: string
  name: string
  serviceAccount?: string
  at?: string
}

function namedTemplates(set: ModelSet, kind: Kind): Named[] {
  return podTemplates(set)
    .filter((t) => t.resource.kind === kind.kind)
    .map((t) => ({namespace: t.resource.metadata.namespace, name: t.resource.metadata.name, serviceAccount: t.serviceAccount, at: sourceString(t.resource.source)}))
}

/** ServiceAccount objects and the service accounts pods and Egress sources run as. */
function serviceAccounts(set: ModelSet, mesh: MeshName): Named[] {
  const objects = set.resources.filter((r) => r.kind === 'ServiceAccount' && r.apiVersion === 'v1')
  const out = new Map<string, Named>(
    objects.map((r) => [`${r.metadata.namespace}/${r.metadata.name}`, {namespace: r.metadata.namespace, name: r.metadata.name, at: sourceString(r.source)}]),
  )
  for (const id of clientIdentities([set], mesh)) {
    const [namespace, name] = id.split('/')
    if (!out.has(id)) out.set(id, {namespace, name})
  }
  return [...out.values()]
}

function knownIdentities(set: ModelSet, mesh: MeshName): string[] {
  return serviceAccounts(set, mesh)
    .map((s) => `${s.namespace}/${s.name}`)
    .sort()
}

function notFound(first: string, typed: string, known: string[], what: string): string[] {
  const near = suggest(typed, known).slice(0, 3)
  return [`${first}${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`, `${what}: ${listed(known)}`]
}

/** At most 20 names, then how many more: an error line stays readable for a cluster with thousands. */
function listed(names: readonly string[]): string {
  return names.length <= 20 ? names.join(', ') : `${names.slice(0, 20).join(', ')} and ${names.length - 20} more`
}
