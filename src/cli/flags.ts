import {Flags} from '@oclif/core'
import {ISTIO_VERSIONS, NEWEST_ISTIO_VERSION} from '../../sim/compile/istio/version.js'
import {SIMULATED_MESHES} from '../simulated-meshes.js'
import type {ClusterFlags} from '../cluster/kubeconfig.js'
import {DEFAULT_REQUEST_TIMEOUT} from '../cluster/request-timeout.js'

/** kubectl's flag conventions, defined once and spread into each command. */
export const filenameFlag = Flags.string({
  char: 'f',
  summary: 'File, directory (recursive) or - for stdin with the resources to use; repeatable.',
  multiple: true,
})

export const fromFlag = Flags.string({
  summary:
    'The client, as kubectl names it: NAMESPACE/SERVICEACCOUNT, sa/NAME, deploy/NAME (sts, ds, rs, job, cronjob) or pod/NAME, with -n; may be omitted when the input describes one client.',
  helpValue: 'NS/SA|TYPE/NAME',
})

export const selectorFlag = Flags.string({
  char: 'l',
  summary: 'Choose the client by the labels of its pod template (kubectl label selector, e.g. app=curl).',
  helpValue: 'SELECTOR',
  exclusive: ['from'],
})

export const meshFlag = Flags.string({
  summary: 'Whose behaviour to simulate; detected from the resources when omitted.',
  options: ['osm', 'osm-edge', 'istio'],
})

const OSM = SIMULATED_MESHES[0]

export const osmVersionFlag = Flags.string({
  summary: 'OSM control-plane behaviour: 1.2 (v1.2.x, default) or main (enableEgress disables Egress policies).',
  options: [...OSM.versions],
  default: OSM.default,
})

export const istioVersionFlag = Flags.string({
  summary: `istiod behaviour: ${ISTIO_VERSIONS[0]}…${NEWEST_ISTIO_VERSION} (default ${NEWEST_ISTIO_VERSION}, the newest).`,
  options: [...ISTIO_VERSIONS],
  default: NEWEST_ISTIO_VERSION,
})

export const verboseFlag = Flags.boolean({char: 'v', summary: 'More detail: which objects were ignored and why, every assumed default, the stack of an internal error.'})

/** Parses "5s", "1.5s", "250ms", "2m", "1h" or a bare number of seconds. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim())
  if (!m) return null
  const n = Number(m[1])
  const unit = m[2] ?? 's'
  return unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : unit === 'h' ? n * 3600 : n
}

/** "NS/SA" → parts, or null. */
export function parseIdentity(text: string): {namespace: string; serviceAccount: string} | null {
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(text)
  return m ? {namespace: m[1], serviceAccount: m[3]} : null
}

/** kubectl's cluster-choosing flags; kubectl passes them to the plugin, so the plugin parses them itself. */
export const clusterFlags = {
  kubeconfig: Flags.string({summary: 'Path to the kubeconfig file; replaces KUBECONFIG.', helpGroup: 'CLUSTER'}),
  context: Flags.string({summary: 'The kubeconfig context to use.', helpGroup: 'CLUSTER'}),
  namespace: Flags.string({char: 'n', summary: 'Namespace: where objects without one go, and the only one read (mesh settings are always read).', helpGroup: 'CLUSTER'}),
  'all-namespaces': Flags.boolean({char: 'A', summary: 'Read every namespace (the default when -n is not given).', exclusive: ['namespace'], helpGroup: 'CLUSTER'}),
  'request-timeout': Flags.string({
    summary: 'How long to wait for each request to the API server: whole seconds or 1s, 2m, 3h; 0 waits forever.',
    default: DEFAULT_REQUEST_TIMEOUT,
    helpGroup: 'CLUSTER',
  }),
}

export function clusterFlagsOf(flags: {
  kubeconfig?: string
  context?: string
  namespace?: string
  'all-namespaces'?: boolean
  'request-timeout'?: string
  verbose?: boolean
}): ClusterFlags {
  return {
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    namespace: flags.namespace,
    allNamespaces: flags['all-namespaces'],
    requestTimeout: flags['request-timeout'],
    verbose: flags.verbose,
  }
}

/** oclif cannot take an optional flag value, so kubectl's bare --dry-run is not accepted: say which. */
export const dryRunFlag = Flags.string({
  summary: 'none: write; server: the API server checks everything and stores nothing (dryRun=All); client: send nothing.',
  options: ['none', 'client', 'server'],
  default: 'none',
  helpValue: 'none|client|server',
})

export const yesFlag = Flags.boolean({char: 'y', summary: 'Do not ask for confirmation (required when stdin is not a terminal).'})

/** What every command that compiles a client's rule table takes: the input, the client, and the mesh's version. */
export const simulationFlags = {
  filename: filenameFlag,
  from: fromFlag,
  selector: selectorFlag,
  mesh: meshFlag,
  'osm-version': osmVersionFlag,
  'istio-version': istioVersionFlag,
}
