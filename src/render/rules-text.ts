import type {FilterChain, FilterChainMatch, MeshTable, Proxy, Route, StringMatch} from '../../sim/rules/types.js'
import {columns} from './table.js'
import {originText} from './trace-text.js'
import type {Style} from './style.js'

/** `-o name`: every rule of the table as KIND/NAME, in the order the text shows them. */
export function ruleNames(table: MeshTable): string[] {
  const out: string[] = []
  for (const proxy of Object.values(table.proxies)) {
    for (const l of proxy.listeners) {
      out.push(`listener/${l.name}`)
      for (const ch of [...l.filterChains, ...(l.defaultChain ? [l.defaultChain] : [])]) out.push(`filterchain/${ch.name}`)
    }
    for (const rc of Object.values(proxy.routeConfigs)) {
      out.push(`routeconfig/${rc.name}`)
      for (const vh of rc.virtualHosts) {
        out.push(`virtualhost/${vh.name}`)
        for (const r of vh.routes) out.push(`route/${r.name}`)
      }
    }
    for (const c of Object.keys(proxy.clusters)) out.push(`cluster/${c}`)
  }
  return out
}

/**
 * The compiled table for one client, laid out like `istioctl proxy-config` / `osm proxy get`. The FROM
 * column (the file:line behind each rule) is shown with `-o wide`; rows wrap their last column to `width`.
 */
export function rulesToText(table: MeshTable, style: Style, opts: {wide?: boolean; width?: number} = {}): string {
  const out: string[] = [`${style.bold('Mesh')}      ${table.mesh}`, `${style.bold('Client')}    ${table.client.id}`]
  for (const a of table.assumptions) out.push(`${style.bold('Assumed')}   ${a.says}`)
  for (const r of table.rejections) out.push(`${style.bold('Rejected')}  ${r.proxy}: ${r.what}: ${r.message}`)
  const c = table.client.capture
  out.push('', style.bold('CAPTURE'))
  if (!c) out.push('  no sidecar: nothing is redirected')
  else {
    out.push(`  redirect outbound TCP to ${c.redirectPort}; include ${c.includeCidrs === '*' ? '*' : c.includeCidrs.map((t) => t.value).join(',') || '(none)'}`)
    if (c.excludeCidrs.length) out.push(`  exclude ranges ${c.excludeCidrs.map((t) => t.value).join(',')}`)
    if (c.excludePorts.length) out.push(`  exclude ports ${c.excludePorts.map((t) => t.value).join(',')}`)
    if (c.includePorts.length) out.push(`  include ports ${c.includePorts.map((t) => t.value).join(',')}`)
  }
  for (const proxy of Object.values(table.proxies)) out.push('', ...proxyText(proxy, style, opts.wide ?? false, (opts.width ?? Infinity) - 2))
  return out.join('\n') + '\n'
}

function proxyText(proxy: Proxy, style: Style, wide: boolean, width: number): string[] {
  const table = (rows: string[][]) => indent(columns(wide ? rows : rows.map((r) => r.slice(0, -1)), width))
  const out = [style.bold(`${proxy.kind.toUpperCase()} ${proxy.id} (${proxy.flavor})`), style.bold('LISTENERS')]
  const rows = [['LISTENER', 'ADDRESS', 'PORT', 'CHAIN', 'MATCH', 'DESTINATION', 'FROM']]
  for (const l of proxy.listeners) {
    for (const ch of l.filterChains) rows.push([l.name, l.address, String(l.port), ch.name, matchText(ch.match), destination(ch), originText(ch.origin)])
    if (l.defaultChain) rows.push([l.name, l.address, String(l.port), l.defaultChain.name, '(default chain)', destination(l.defaultChain), originText(l.defaultChain.origin)])
    if (!l.filterChains.length && !l.defaultChain) rows.push([l.name, l.address, String(l.port), '—', '—', 'closes every connection', originText(l.origin)])
  }
  out.push(table(rows))
  out.push(style.bold('ROUTES'))
  const routeRows = [['ROUTE CONFIG', 'VIRTUAL HOST', 'DOMAINS', 'MATCH', 'ACTION', 'FROM']]
  for (const rc of Object.values(proxy.routeConfigs)) {
    if (rc.virtualHosts.length === 0) routeRows.push([rc.name, '—', '—', '—', `${rc.noRouteStatus} for every request`, originText(rc.origin)])
    for (const vh of rc.virtualHosts) {
      if (vh.routes.length === 0) routeRows.push([rc.name, vh.name, vh.domains.join(', '), '—', `${rc.noRouteStatus} (no routes)`, originText(vh.origin)])
      for (const r of vh.routes) routeRows.push([rc.name, vh.name, vh.domains.join(', '), routeMatchText(r), actionText(r), originText(r.origin)])
    }
  }
  out.push(table(routeRows))
  out.push(style.bold('CLUSTERS'))
  const clusterRows = [['CLUSTER', 'TYPE', 'ENDPOINTS', 'TLS', 'FROM']]
  for (const cl of Object.values(proxy.clusters)) {
    const eps =
      cl.type === 'ORIGINAL_DST'
        ? '(original destination)'
        : cl.endpoints.map((e) => `${e.host}:${e.port}${e.proxy ? ` → ${e.proxy.id}:${e.proxy.targetPort}` : ''}`).join(',') || '(none)'
    clusterRows.push([cl.name, cl.type, eps, cl.tls ? `${cl.tls.mode}${cl.tls.sni ? ' sni=' + cl.tls.sni : ''}` : '-', originText(cl.origin)])
  }
  out.push(table(clusterRows))
  return out
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n')
}

function matchText(m: FilterChainMatch): string {
  const parts = []
  if (m.destinationPort !== undefined) parts.push(`port ${m.destinationPort}`)
  if (m.prefixRanges?.length) parts.push(`addr ${m.prefixRanges.join(',')}`)
  if (m.serverNames?.length) parts.push(`SNI ${m.serverNames.join(',')}`)
  if (m.transportProtocol) parts.push(`trans ${m.transportProtocol}`)
  if (m.applicationProtocols?.length) parts.push(`app ${m.applicationProtocols.join(',')}`)
  return parts.join('; ') || 'ALL'
}

function destination(ch: FilterChain): string {
  return ch.action.kind === 'tcp_proxy' ? `cluster ${ch.action.cluster}` : `route ${ch.action.routeConfig}`
}

function stringMatchText(m: StringMatch): string {
  return m.kind === 'regex' ? `~${m.value}` : m.kind === 'prefix' ? `${m.value}*` : m.kind === 'present' ? '(present)' : m.value
}

function routeMatchText(r: Route): string {
  const parts = [r.match.path ? stringMatchText(r.match.path) : '/*']
  for (const h of r.match.headers) parts.push(`${h.name}${h.invert ? '!=' : '='}${stringMatchText(h.match)}`)
  return parts.join(' ')
}

function actionText(r: Route): string {
  const a = r.action
  const extra = [r.timeoutSeconds ? `timeout ${r.timeoutSeconds}s` : '', r.fault?.abort ? `abort ${r.fault.abort.status} ${r.fault.abort.percent}%` : ''].filter(Boolean).join(' ')
  const base =
    a.kind === 'cluster'
      ? a.clusters.map((c) => (a.clusters.length > 1 ? `${c.name} ${c.weight}%` : c.name)).join(',')
      : a.kind === 'direct_response'
        ? `respond ${a.status}`
        : `redirect ${a.status} ${a.location}`
  return extra ? `${base} (${extra})` : base
}
