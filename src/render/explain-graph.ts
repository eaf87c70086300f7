import type {Explanation, Sentence} from '../explain/types.js'
import {sentenceWords} from './explain-words.js'

interface Edge {
  from: string
  to: string
  label: string
  denied: boolean
}

/**
 * Who reaches what, through which gateway, and what is denied, as nodes and edges: each client, each
 * destination a sentence names (or "any other destination"), each proxy a request crosses on the way.
 */
function graph(e: Explanation): {nodes: Map<string, string>; edges: Edge[]} {
  const nodes = new Map<string, string>()
  const edges: Edge[] = []
  const id = (label: string) => {
    for (const [k, v] of nodes) if (v === label) return k
    const key = `n${nodes.size}`
    nodes.set(key, label)
    return key
  }
  for (const c of e.clients) {
    const client = id(`${c.client} (${e.mesh})`)
    for (const s of [...c.reaches, ...c.otherwise]) addPath(edges, client, s, id)
  }
  return {nodes, edges}
}

function addPath(edges: Edge[], client: string, s: Sentence, id: (label: string) => string): void {
  const w = sentenceWords(s)
  const denied = w.mark !== 'allow'
  const t = s.what
  const where = t.other || t.host === '*' ? `any other ${t.protocol === 'tcp' ? 'address' : 'host'}` : (t.host ?? (t.addresses.join(', ') || 'any address'))
  const hops = [client, ...s.via.map((p) => id(`gateway ${p}`)), id(where)]
  const what = [`${t.protocol.toUpperCase()} ${t.port}`, ...(t.methods ?? []), ...(t.paths ?? [])].join(' ')
  const label = denied ? `${what} ✘ ${w.verdict}` : `${what} ✔`
  for (let i = 0; i + 1 < hops.length; i++) edges.push({from: hops[i], to: hops[i + 1], label: i + 2 === hops.length ? label : what, denied})
}

/** Mermaid flowchart (GitHub renders it in a pull-request comment): solid edges allowed, dotted edges denied. */
export function explanationToMermaid(e: Explanation): string {
  const {nodes, edges} = graph(e)
  const out = ['flowchart LR']
  for (const [k, label] of nodes) out.push(`  ${k}["${mermaidText(label)}"]`)
  edges.forEach((edge) => out.push(`  ${edge.from} ${edge.denied ? '-.' : '--'} "${mermaidText(edge.label)}" ${edge.denied ? '.->' : '-->'} ${edge.to}`))
  const denied = edges.map((edge, i) => (edge.denied ? i : -1)).filter((i) => i >= 0)
  if (denied.length) out.push(`  linkStyle ${denied.join(',')} stroke:#d33,color:#d33`)
  return '```mermaid\n' + out.join('\n') + '\n```\n'
}

/** Graphviz DOT of the same graph. */
export function explanationToDot(e: Explanation): string {
  const {nodes, edges} = graph(e)
  const out = ['digraph egress {', '  rankdir=LR;', '  node [shape=box];']
  for (const [k, label] of nodes) out.push(`  ${k} [label=${dotText(label)}];`)
  for (const edge of edges) out.push(`  ${edge.from} -> ${edge.to} [label=${dotText(edge.label)}${edge.denied ? ', style=dashed, color=red, fontcolor=red' : ''}];`)
  out.push('}')
  return out.join('\n') + '\n'
}

function mermaidText(s: string): string {
  return s.replace(/"/g, '#quot;')
}

function dotText(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}
