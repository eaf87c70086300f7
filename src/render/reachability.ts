import type {ReachabilityChange} from '../reachability/compare.js'

/** The preview shown before apply/delete: per client identity, what becomes allowed and what denied. */
export function reachabilityToText(changes: readonly ReachabilityChange[], identities: readonly string[], probes: number): string {
  const lines = [`reachability change (${identities.length} client identities × ${probes} representative requests):`]
  const byIdentity = new Map<string, ReachabilityChange[]>()
  for (const c of changes) byIdentity.set(c.identity, [...(byIdentity.get(c.identity) ?? []), c])
  for (const [identity, list] of byIdentity) {
    lines.push(`  ${identity}`)
    for (const c of list) lines.push(`    ${label(c).padEnd(14)} ${c.request}`)
  }
  const unchanged = identities.length - byIdentity.size
  if (changes.length === 0) lines.push('  none: every request keeps its verdict')
  else if (unchanged > 0) lines.push(`  no change for ${unchanged} other identit${unchanged === 1 ? 'y' : 'ies'}`)
  return lines.join('\n') + '\n'
}

function label(c: ReachabilityChange): string {
  if (c.after === 'allow') return 'newly allowed'
  if (c.after === 'deny') return 'newly denied'
  return `${c.before} → ${c.after}`
}
