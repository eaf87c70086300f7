import type {FilterChain, Listener, Proxy, RouteConfig} from '../../sim/rules/types.js'

/** A proxy's filter chains that a connection to `port` may meet (all when absent), with their route config. */
export function chainsAt(p: Proxy, port?: number): Array<{chain: FilterChain; rc?: RouteConfig; listener: Listener}> {
  const out = []
  for (const listener of p.listeners) {
    for (const chain of [...listener.filterChains, ...(listener.defaultChain ? [listener.defaultChain] : [])]) {
      const at = chain.match.destinationPort ?? (listener.handOffToOriginalDst ? undefined : listener.port)
      if (port !== undefined && at !== undefined && at !== port) continue
      out.push({chain, listener, rc: chain.action.kind === 'http' ? p.routeConfigs[chain.action.routeConfig] : undefined})
    }
  }
  return out
}
