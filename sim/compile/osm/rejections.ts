import {envoyRe2Message, re2ProgramSizeBound, re2SyntaxError} from '../../rules/re2.js'
import type {Assumption, FilterChain, Origin, RouteConfig, StringMatch} from '../../rules/types.js'
import {splitCidrs} from './cidr.js'

/**
 * Envoy's filter-chain trie (listener_impl / filter_chain_manager_impl.cc) has one leaf per combination of
 * destination port, prefix range, server name, transport protocol and application protocol; two chains
 * on the same leaf make Envoy reject the whole listener. OSM never checks this (osm.md §2.6).
 */
export function overlappingChains(chains: readonly FilterChain[]): Array<[FilterChain, FilterChain]> {
  return chainOverlaps(chains).pairs
}

/** The first chain on each leaf, and the pairs of chains that share one, in the order Envoy meets them. */
export interface ChainOverlaps {
  ownerOf(leaf: string): FilterChain | undefined
  pairs: Array<[FilterChain, FilterChain]>
}

/**
 * overlappingChains for chains that follow `earlier`'s on the listener, without walking those again: the
 * pairs of the whole list are earlier.pairs then the returned ones. The later chains must be other objects
 * than the earlier ones (each sidecar builds its own), so none of their pairs can repeat an earlier pair.
 */
export function chainOverlaps(chains: readonly FilterChain[], earlier?: ChainOverlaps): ChainOverlaps {
  const owner = new Map<string, FilterChain>()
  const ownerOf = (leaf: string) => owner.get(leaf) ?? earlier?.ownerOf(leaf)
  const pairs: Array<[FilterChain, FilterChain]> = []
  for (const chain of chains) {
    for (const leaf of leaves(chain)) {
      const first = ownerOf(leaf)
      if (!first) owner.set(leaf, chain)
      else if (first !== chain && !pairs.some(([a, b]) => a === first && b === chain)) pairs.push([first, chain])
    }
  }
  return {ownerOf, pairs}
}

function leaves(chain: FilterChain): string[] {
  const m = chain.match
  const orAny = (xs: readonly string[] | undefined) => (xs && xs.length > 0 ? xs : [''])
  const keys: string[] = []
  for (const cidr of orAny(splitCidrs(m.prefixRanges ?? []).valid))
    for (const name of orAny(m.serverNames?.map((s) => s.toLowerCase())))
      for (const alpn of orAny(m.applicationProtocols)) keys.push(JSON.stringify([m.destinationPort ?? '', cidr, name, m.transportProtocol ?? '', alpn]))
  return [...new Set(keys)]
}

export const OVERLAPPING_CHAINS_MESSAGE = "error adding listener '0.0.0.0:15001': multiple filter chains with the same matching rules are defined"

/**
 * Envoy's RouteConfiguration validation (config_impl.cc): domains are lower-cased and must be unique
 * across virtual hosts, and only one virtual host may use "*". Returns Envoy's message and the virtual
 * hosts' origins, or undefined when the configuration is accepted.
 */
export function duplicateDomain(config: RouteConfig): {message: string; origins: Origin[]} | undefined {
  const owner = new Map<string, Origin>()
  for (const vhost of config.virtualHosts) {
    for (const domain of vhost.domains.map((d) => d.toLowerCase())) {
      const first = owner.get(domain)
      if (first) {
        const message =
          domain === '*'
            ? `Only a single wildcard domain is permitted in route ${config.name}`
            : `Only unique values for domains are permitted. Duplicate entry of domain ${domain} in route ${config.name}`
        return {message, origins: [first, vhost.origin]}
      }
      owner.set(domain, vhost.origin)
    }
  }
  return undefined
}

/**
 * Envoy compiles every safe_regex of a RouteConfiguration with RE2 and rejects the whole configuration
 * when one fails, with RE2's error as the message (envoy source/common/common/regex.cc
 * CompiledGoogleReMatcher: `throw EnvoyException(regex_.error())`; osm.md §2.8), so every request on that
 * port then gets 404.
 */
export function invalidRegex(config: RouteConfig): {message: string; origin: Origin} | undefined {
  for (const vhost of config.virtualHosts) {
    for (const route of vhost.routes) {
      for (const m of routeStringMatches(route)) {
        const error = m.kind === 'regex' ? re2SyntaxError(m.value) : null
        if (error) return {message: `Invalid regex '${m.value}': ${envoyRe2Message(error)}`, origin: route.origin}
      }
    }
  }
  return undefined
}

function routeStringMatches(route: RouteConfig['virtualHosts'][number]['routes'][number]): StringMatch[] {
  return [...(route.match.path ? [route.match.path] : []), ...route.match.headers.map((h) => h.match)]
}

/** Envoy v1.22.2 is OSM v1.2.4's sidecar (charts/osm/values.yaml sidecarImage); its bootstrap sets no runtime layer. */
const OSM_MAX_PROGRAM_SIZE = 100

/**
 * Envoy also rejects a regex whose RE2 program is larger than re2.max_program_size.error_level, 100 unless
 * the bootstrap raises it (envoy source/common/common/regex.cc CompiledGoogleReMatcher; OSM v1.2.4 sets
 * no runtime). The simulator does not compute RE2 program sizes, so each regex not known to be within the
 * limit is a stated assumption.
 */
export function programSizeAssumptions(configs: readonly RouteConfig[]): Assumption[] {
  const unknown = new Set<string>()
  for (const route of configs.flatMap((c) => c.virtualHosts.flatMap((v) => v.routes)))
    for (const m of routeStringMatches(route)) {
      if (m.kind !== 'regex' || re2SyntaxError(m.value)) continue
      const bound = re2ProgramSizeBound(m.value)
      if (bound === null || bound > OSM_MAX_PROGRAM_SIZE) unknown.add(m.value)
    }
  return [...unknown].map((re) => ({
    code: 'RE2_PROGRAM_SIZE',
    says: `Envoy rejects the route configuration if /${re}/ compiles to more than ${OSM_MAX_PROGRAM_SIZE} RE2 instructions (OSM sets no re2.max_program_size.error_level); program sizes are not computed: assumed within it`,
  }))
}
