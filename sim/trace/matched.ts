import type {Hop} from './types.js'

/**
 * What one proxy chose, named as the proxy names it: the fields of Istio's own replayer's Result
 * (istio pilot/pkg/simulation/traffic.go Result: ListenerMatched, FilterChainMatched, RouteConfigMatched,
 * VirtualHostMatched, RouteMatched, ClusterMatched). `null` where the request never got that far.
 */
export interface MatchedNames {
  /** The listener that handled the connection: the hand-off target of virtualOutbound when there is one. */
  listener: string | null
  filterChain: string | null
  routeConfig: string | null
  virtualHost: string | null
  route: string | null
  /** The cluster the chain or route named, whether or not the proxy has it (Envoy answers 503 NC then). */
  cluster: string | null
}

export const MATCHED_FIELDS = ['listener', 'filterChain', 'routeConfig', 'virtualHost', 'route', 'cluster'] as const

export function matchedNames(hop: Hop): MatchedNames {
  const last = (stage: Hop['steps'][number]['stage']) => hop.steps.filter((s) => s.stage === stage && s.chose).at(-1)?.chose?.name ?? null
  const clusterStep = hop.steps.find((s) => s.stage === 'cluster')
  const missing = clusterStep?.because.code === 'CLUSTER_MISSING' ? String(clusterStep.because.name) : null
  return {
    listener: last('listener'),
    filterChain: last('filter-chain'),
    routeConfig: last('route-config'),
    virtualHost: last('virtual-host'),
    route: last('route'),
    cluster: clusterStep?.chose?.name ?? missing,
  }
}
