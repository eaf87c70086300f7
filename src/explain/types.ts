import type {Diagnostic} from '../model/diagnostic.js'
import type {Origin} from '../model/source.js'
import type {Outcome} from '../../sim/trace/types.js'

/** What `explain` found for a set of resources: per client identity, then the findings. */
export interface Explanation {
  mesh: 'osm' | 'osm-edge' | 'istio'
  clients: ClientExplanation[]
  findings: Diagnostic[]
}

export interface ClientExplanation {
  /** NAMESPACE/SERVICEACCOUNT */
  client: string
  /** The client's proxy id, or null when its pods have no sidecar. */
  proxy: string | null
  /** Defaults the compiler assumed and config the proxy would refuse, as the compiler worded them. */
  notes: string[]
  /**
   * Set when the client's pods get no sidecar: the setting that decides it, and what the policies would do
   * with a sidecar (traced on the table the pod would get). Null when a sidecar enforces the policies.
   */
  notEnforced: {setting: Origin; wouldApply: Sentence[]} | null
  /** Destinations the policies open, each confirmed by tracing a representative request. */
  reaches: Sentence[]
  /** What happens to traffic no policy names. */
  otherwise: Sentence[]
}

/**
 * One statement about one kind of traffic: `what` it is, the representative request that was traced,
 * and the trace's verdict. Renderers word it; they never decide it.
 */
export interface Sentence {
  what: Traffic
  /** The request that was traced, as it would be typed in the client pod; null when none could be built. */
  request: string | null
  outcome: Outcome | null
  /** Proxies crossed after the client's own sidecar (egress gateways). */
  via: string[]
  tls: 'originated' | 'passthrough' | 'none'
  upstream: string | null
  /** HOST:PORT the traced request was addressed to, to tell passthrough from a re-routed destination. */
  destination: string | null
  /** The rule the sentence is about (the policy line), and the rule the trace credits with the verdict. */
  rule: Origin | null
  decidedBy: Origin | null
}

/** A kind of traffic, described by the fields a reviewer cares about. */
export interface Traffic {
  protocol: 'http' | 'https' | 'tcp'
  /** Host name (Host header or SNI); '*' for "any other host". */
  host: string | null
  port: number
  /** Destination CIDRs; empty ⇒ any address. */
  addresses: string[]
  /** HTTP only: the route's conditions, as written in the proxy rule. */
  paths?: string[]
  methods?: string[]
  headers?: string[]
  /** True for the "everything else" probes: another host, address or port than any policy names. */
  other: boolean
}
