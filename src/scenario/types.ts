/**
 * A scenario file (shared/conformance/README.md): cluster state, then steps that change it or trace a
 * request and check only the listed expectations — Envoy router_check_tool's shape, for whole meshes.
 */
import type {MeshName} from '../../sim/compile/index.js'
import type {IstioVersion} from '../../sim/compile/istio/version.js'
import type {Request} from '../../sim/request/types.js'
import {MATCHED_FIELDS} from '../../sim/trace/matched.js'
import type {Trace} from '../../sim/trace/types.js'
import type {Resource} from '../model/resource.js'
import type {Origin} from '../model/source.js'

/** What a step may assert; only the fields present are checked. `null` asserts "no value". */
export interface Expectation {
  verdict?: 'allow' | 'deny' | 'unsupported'
  curlExit?: number
  status?: number
  afterSeconds?: number
  upstream?: string | null
  via?: string[]
  tls?: 'originated' | 'passthrough' | 'none'
  /** KIND/NAMESPACE/NAME of the resource behind the verdict. */
  decidedBy?: string | null
  /**
   * Names the client's own proxy chose, as the proxy names them (Istio's simulation Result fields:
   * `listener: 0.0.0.0_80`, `virtualHost: block_all`, `cluster: outbound|80||httpbin.org`…).
   */
  listener?: string | null
  filterChain?: string | null
  routeConfig?: string | null
  virtualHost?: string | null
  route?: string | null
  cluster?: string | null
}

export const EXPECTATION_FIELDS = ['verdict', 'curlExit', 'status', 'afterSeconds', 'upstream', 'via', 'tls', 'decidedBy', ...MATCHED_FIELDS] as const

export interface TraceStep {
  kind: 'trace'
  /** Counts trace steps only, from 1: "step 3" is the third trace in the file. */
  index: number
  name: string
  from: string
  request: Request
  upstreamDelaySeconds?: number
  expect: Expectation
  line: number
}

export type Step = TraceStep | {kind: 'apply'; resources: Resource[]; line: number} | {kind: 'delete'; refs: Array<{ref: string; line: number}>; line: number}

export interface Scenario {
  file: string
  name: string
  mesh: MeshName
  /** Istio only: the istiod minor version simulated (`istioVersion: "1.30"`); absent ⇒ the newest. */
  istioVersion?: IstioVersion
  /** The cluster state before the first step: inline `resources` then `files`, in that order. */
  resources: Resource[]
  steps: Step[]
}

export interface Difference {
  field: (typeof EXPECTATION_FIELDS)[number]
  expected: unknown
  actual: unknown
}

export interface StepResult {
  scenario: string
  file: string
  index: number
  name: string
  line: number
  /** 'error': the step could not run (the state at that point is invalid input). */
  status: 'pass' | 'fail' | 'error'
  expected: Expectation
  /** The traced values of exactly the expected fields. */
  actual: Expectation
  differences: Difference[]
  errors: string[]
  trace: Trace | null
  seconds: number
}

/** One compiled rule that a trace can choose, identified across steps by proxy, place and origin. */
export interface CoverageRule {
  key: string
  proxy: string
  kind: 'filter-chain' | 'virtual-host' | 'route' | 'gateway-hop'
  /** Where the rule sits, e.g. "listener outbound-listener" or "rds-egress.80 / httpbin.org". */
  within: string
  name: string
  origin: Origin
}

export interface ScenarioResult {
  scenario: Scenario
  steps: StepResult[]
  /** Every rule of every table a trace step ran against, and the keys some step chose. */
  rules: CoverageRule[]
  exercised: Set<string>
}
