/**
 * A trace: the ordered decisions one request met, hop by hop, keeping the losers at every step so that
 * near misses can be shown. Reasons are data (a code and its parameters); src/render words them.
 */
import type {Assumption, Origin, Rejection} from '../rules/types.js'
import type {Request} from '../request/types.js'

export type Stage = 'dns' | 'capture' | 'firewall' | 'listener' | 'inspectors' | 'filter-chain' | 'route-config' | 'virtual-host' | 'route' | 'cluster' | 'upstream'

export interface RuleRef {
  /** Proxy id, or the workload id for capture/firewall decisions taken in the pod's network namespace. */
  proxy: string
  kind: 'dns-record' | 'capture' | 'firewall-rule' | 'listener' | 'filter-chain' | 'route-config' | 'virtual-host' | 'route' | 'cluster'
  name: string
  origin: Origin
}

/** One criterion a candidate rule did not meet. */
export interface Mismatch {
  /** The criterion, named as in the proxy config: "destination_port", "server_names", "domains", "path"… */
  field: string
  wanted: string
  got: string
}

export interface Candidate {
  rule: RuleRef
  /** Empty for the chosen rule (and for rules that matched but lost on specificity or order). */
  mismatches: Mismatch[]
}

/** A reason is data: a stable code plus the values a sentence needs. */
export interface Reason {
  code: string
  [detail: string]: string | number | boolean | string[] | undefined
}

export interface Step {
  stage: Stage
  chose: RuleRef | null
  candidates: Candidate[]
  because: Reason
}

export interface Hop {
  /** Proxy id; null for a leg taken without a proxy (bypassed capture, no sidecar). */
  proxy: string | null
  /** The pod the hop starts in. */
  workload: string
  steps: Step[]
}

export type Verdict = 'allow' | 'deny' | 'unsupported'

export interface Outcome {
  verdict: Verdict
  /** Who produced what the client finally sees. */
  by: 'upstream' | 'proxy' | 'kernel' | 'client'
  /** HTTP status produced by a proxy (not the destination's). */
  status?: number
  /** curl's exit code when no HTTP response arrives. */
  curlExit?: number
  /** Seconds until the client gets its answer, when a timeout or delay decides it. */
  afterSeconds?: number
  /** Envoy response flag (NR, NC, UH, UF, UT…) or Pipy's equivalent, when one applies. */
  responseFlag?: string
  because: Reason
}

export interface NearMiss {
  rule: RuleRef
  mismatch: Mismatch
  /** A suggestion such as {code: 'TRY_HTTPS', url: 'https://httpbin.org/get'}. */
  hint?: Reason
  /** The setting that kept the rule away from this client (an exportTo, a Sidecar's egress hosts). */
  setBy?: Origin
}

export interface Trace {
  mesh: 'osm' | 'osm-edge' | 'istio'
  request: Request
  client: string
  assumptions: Assumption[]
  rejections: Rejection[]
  hops: Hop[]
  outcome: Outcome
  /** HOST:PORT the bytes finally reach, or null. */
  upstream: string | null
  /** Proxies crossed after the client's own sidecar. */
  via: string[]
  tls: 'originated' | 'passthrough' | 'none'
  /** The rule whose origin decided the verdict. */
  decidedBy: Origin | null
  nearMisses: NearMiss[]
}
